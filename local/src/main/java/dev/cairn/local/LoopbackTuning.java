package dev.cairn.local;

import dev.cairn.local.CairnCluster.Service;
import java.util.Map;

/**
 * Settings for the devstack's S3 on loopback, used by the local run and the fault matrix: 8 marker writers instead of
 * the default 32, since a call takes milliseconds here, not tens (bench/ANALYSIS.md: more markers a second and less
 * CPU per marker on two cores, and a killed service restarts faster beside the marker, docs/faults.md).
 */
public final class LoopbackTuning {

    static final String MARKER_CONCURRENCY = "CAIRN_MARKER_CONCURRENCY";

    private LoopbackTuning() {}

    /** The extra environment per service; nothing for a setting that {@code env} (the caller's) already has. */
    public static Map<Service, Map<String, String>> of(Map<String, String> env) {
        return env.containsKey(MARKER_CONCURRENCY) ? Map.of() : Map.of(Service.MARKER, Map.of(MARKER_CONCURRENCY, "8"));
    }
}
