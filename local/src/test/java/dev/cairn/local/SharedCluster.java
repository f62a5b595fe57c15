package dev.cairn.local;

import dev.cairn.devstack.DevStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The four packaged services on the devstack, started once for every IT class of this module that runs them in their
 * plain configuration ({@code @ExtendWith(SharedCluster.class)}), and stopped, their database dropped, after the last
 * test of the run. The devstack is this JVM's {@link DevStack#shared()} (the one {@link ComposeEnvironmentIT} uses
 * too). Each class keeps to its own pipelines or projects, so that what one leaves behind does not change what another
 * sees. A service a test stopped ({@link FreshPlanIT} stops two of them) is started again, on the same port, before
 * the next class.
 *
 * <p>Starting the four JVMs is most of the cost of such a class on a small machine (about 30 s, and most of its CPU):
 * once for all of them instead of once each.
 */
final class SharedCluster implements BeforeAllCallback {

    static final String TOKEN = "local-it-token-0123456789";

    /**
     * The ledger's OpenLineage rule ({@link OpenLineageMarkersIT}), as a mounted config/application.properties would
     * give it (system properties here): jobs {@code photogrammetry_dag.<stage>_<project>} of namespace
     * {@code airflow-prod} are stage events of pipeline photogrammetry.
     */
    static final List<String> LINEAGE_RULE = List.of(
            "-Dcairn.ledger.lineage.rules.photogrammetry.namespace=airflow-prod",
            "-Dcairn.ledger.lineage.rules.photogrammetry.job=photogrammetry_dag\\.(?P<stage>metashape|postprocess)"
                    + "_(?P<project>[A-Za-z0-9_]+)");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCluster.class);

    private static volatile CairnCluster cluster;

    /** The running cluster; for the classes that declare this extension, from their {@code @BeforeAll} on. */
    static CairnCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("declare @ExtendWith(SharedCluster.class) on the test class");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Running running = context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(Running.class, k -> new Running(start()), Running.class);
        for (CairnCluster.Service s : CairnCluster.Service.values()) {
            if (!running.cluster.app(s).isAlive()) {
                running.cluster.startAgain(s);
            }
        }
        cluster = running.cluster;
    }

    private static CairnCluster start() {
        Path repo = CairnCluster.findRepo(Path.of(""));
        DevStack stack = DevStack.shared().ensure(EnumSet.allOf(DevStack.Service.class));
        List<String> jvm = new ArrayList<>(List.of("-Xmx384m"));
        jvm.addAll(LINEAGE_RULE);
        return CairnCluster.startOn(
                stack,
                repo,
                new CairnCluster.Options(
                        false,
                        "cairn_local_it_" + ProcessHandle.current().pid(),
                        TOKEN,
                        repo.resolve("local/target/it-logs"),
                        Map.of(),
                        jvm),
                EnumSet.allOf(CairnCluster.Service.class),
                line -> System.out.println("[shared] " + line));
    }

    /** Closed by JUnit after the last test of the run. */
    private record Running(CairnCluster cluster) implements AutoCloseable {
        @Override
        public void close() {
            SharedCluster.cluster = null;
            cluster.closeAndDropDatabase();
        }
    }
}
