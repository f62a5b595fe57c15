package dev.cairn.local.faults;

import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaBroker;
import dev.cairn.devstack.S3Server;
import dev.cairn.devstack.TcpProxy;
import dev.cairn.local.CairnCluster;
import dev.cairn.local.CairnCluster.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios of the fault matrix, in the order they run: PostgreSQL cut at the TcpProxy, the Kafka broker and the
 * S3 server killed with {@code kill -9} and restarted on their data, each service killed and restarted, each service
 * running twice with one instance killed, and a slow database (latency added at the TcpProxy).
 */
final class FaultScenarios {

    /**
     * One fault. {@code prepare} runs before the load starts; {@code begin} a third of the way into the load, then
     * {@code seconds} of waiting, then {@code end}, whose start is the end of the fault (recovery counts from there).
     * {@code watched} must go DOWN meanwhile (null: no such demand); {@code killed} is the one service whose process
     * may change.
     */
    record Fault(Service watched, Service killed, int seconds, Step prepare, Step begin, Step end) {}

    /** A step of a fault against the scenario's pipeline; it may add a line to the scenario's notes. */
    interface Step {
        void run(String pipeline, List<String> notes) throws Exception;

        Step NOTHING = (pipeline, notes) -> {};
    }

    /**
     * How long a restarted or second service may take to become ready. A loaded machine starts a service slowly (175 s
     * for the ledger at load ~60 in one run, beyond the cluster's usual 3 minutes); the recovery figure then says so
     * instead of the scenario failing without one.
     */
    static final Duration RESTART_TIMEOUT = Duration.ofMinutes(10);

    private FaultScenarios() {}

    /**
     * Every scenario by name.
     *
     * @param pgSeconds   PostgreSQL outages, one scenario each
     * @param downSeconds broker and S3 outages, one scenario each
     * @param slowSeconds how long the database is slow
     * @param slowMillis  the latency added to each direction at the database's TcpProxy
     */
    static Map<String, Fault> all(
            CairnCluster cluster,
            FaultCheck check,
            List<Integer> pgSeconds,
            List<Integer> downSeconds,
            int slowSeconds,
            int slowMillis) {
        Map<String, Fault> faults = new LinkedHashMap<>();
        for (int s : pgSeconds) {
            faults.put(
                    "postgres-cut-" + s + "s",
                    new Fault(
                            Service.LEDGER,
                            null,
                            s,
                            Step.NOTHING,
                            (pipeline, notes) -> proxy(cluster).cut(),
                            (pipeline, notes) -> proxy(cluster).restore()));
        }
        for (int s : downSeconds) {
            faults.put(
                    "kafka-kill9-" + s + "s",
                    new Fault(
                            null,
                            null,
                            s,
                            Step.NOTHING,
                            (pipeline, notes) -> broker(cluster).kill(),
                            (pipeline, notes) -> broker(cluster).restart(DevStack.START_TIMEOUT)));
        }
        for (int s : downSeconds) {
            faults.put(
                    "s3-kill9-" + s + "s",
                    new Fault(
                            Service.MARKER,
                            null,
                            s,
                            Step.NOTHING,
                            (pipeline, notes) -> {
                                notes.add("markers pending at the kill: " + check.pendingMarkers(pipeline));
                                s3(cluster).kill();
                            },
                            (pipeline, notes) -> s3(cluster).restart(DevStack.START_TIMEOUT)));
        }
        for (Service s : Service.values()) {
            faults.put(
                    "kill9-" + s.module,
                    new Fault(
                            null,
                            s,
                            0,
                            Step.NOTHING,
                            (pipeline, notes) -> cluster.kill(s),
                            (pipeline, notes) -> cluster.startAgain(s, RESTART_TIMEOUT)));
        }
        for (Service s : Service.values()) {
            List<AppProcess> second = new ArrayList<>(1);
            faults.put(
                    "two-instances-" + s.module,
                    new Fault(
                            null,
                            null,
                            0,
                            (pipeline, notes) -> {
                                second.add(cluster.startSecond(s, RESTART_TIMEOUT));
                                notes.add("second instance pid " + second.get(0).pid() + ", killed mid-load");
                            },
                            (pipeline, notes) -> second.get(0).kill(),
                            Step.NOTHING));
        }
        faults.put(
                "slow-db-" + slowMillis + "ms-" + slowSeconds + "s",
                new Fault(
                        null,
                        null,
                        slowSeconds,
                        Step.NOTHING,
                        (pipeline, notes) -> proxy(cluster).latency(Duration.ofMillis(slowMillis)),
                        (pipeline, notes) -> proxy(cluster).latency(Duration.ZERO)));
        return faults;
    }

    private static TcpProxy proxy(CairnCluster cluster) {
        return cluster.devstack().proxy(DevStack.Service.POSTGRES);
    }

    private static KafkaBroker broker(CairnCluster cluster) {
        return cluster.devstack().requireKafkaBroker();
    }

    private static S3Server s3(CairnCluster cluster) {
        return cluster.devstack().requireS3Server();
    }
}
