package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MonitoringQueriesTest {

    @Test
    void metricNamesLeaveOutFunctionsKeywordsLabelsRangesAndVariables() {
        assertThat(MonitoringQueries.metricNames(
                        "histogram_quantile(0.99, sum by (namespace, le) (rate(cairn_marker_write_latency_seconds_bucket"
                                + "{job=\"marker-service\", x=~\"a|b\"}[$__rate_interval]))) > 5 and on (namespace) "
                                + "(sum(cairn_ledger_outbox_leader) or on () vector(0)) != 1 unless up offset 5m"))
                .containsExactly("cairn_ledger_outbox_leader", "cairn_marker_write_latency_seconds_bucket", "up");
    }

    @Test
    void theDashboardAndTheRulesUseOnlyCairnAndKafkaClientMetrics() throws Exception {
        Path repo = CairnCluster.findRepo(Path.of(""));
        assertThat(MonitoringQueries.dashboardExpressions(repo)).hasSizeGreaterThan(15);
        assertThat(MonitoringQueries.alertExpressions(repo))
                .containsOnlyKeys(
                        "CairnDeadLetters",
                        "CairnOutboxLag",
                        "CairnRelayLeaders",
                        "CairnMarkerLatencyHigh",
                        "CairnPlannerNotReady",
                        "CairnScanFailed",
                        "CairnConsumerStuck");
        for (String expr : MonitoringQueries.dashboardExpressions(repo)) {
            assertThat(MonitoringQueries.metricNames(expr))
                    .as(expr)
                    .isNotEmpty()
                    .allMatch(n -> n.startsWith("cairn_") || n.startsWith("kafka_consumer_"));
        }
    }

    @Test
    void exposedNamesAreTheSampleNames() {
        assertThat(MonitoringQueries.exposed(
                        "# HELP x\n# TYPE x counter\ncairn_a_total 1.0\ncairn_b_seconds_bucket{le=\"0.1\"} 2\n\n"))
                .containsExactly("cairn_a_total", "cairn_b_seconds_bucket");
    }
}
