package dev.cairn.bench;

/** How much each scenario does. {@link #full()} is the size; {@link #quick()} finishes in a few minutes. */
record BenchSizes(
        int ledgerEvents,
        int naiveSeconds,
        int markerCompletions,
        int markerRatePerSecond,
        int markerRateSeconds,
        int markerBaseline,
        int plannerViewKeys,
        int plannerNames,
        int plannerRequests,
        int bootstrapObjects,
        int bootstrapSmallObjects,
        int backupSmallFiles,
        long backupLargeBytes,
        int freshLoadPerSecond,
        int freshRequests,
        int freshWarmUpMaxSeconds,
        int freshIngestEvents,
        int uiProjects) {

    static BenchSizes full() {
        return new BenchSizes(
                1_000_000,
                60,
                20_000,
                200,
                60,
                2_000,
                1_000_000,
                100_000,
                20,
                1_000_000,
                100_000,
                10_000,
                1L << 30,
                FreshBench.GOAL_RATE,
                2_000,
                600,
                500_000,
                100_000);
    }

    static BenchSizes quick() {
        return new BenchSizes(
                50_000,
                15,
                2_000,
                200,
                15,
                300,
                100_000,
                20_000,
                8,
                20_000,
                5_000,
                1_000,
                128L << 20,
                FreshBench.GOAL_RATE,
                400,
                60,
                50_000,
                100_000);
    }

    /** The same sizes with the fresh scenario's background load at {@code perSecond} events/s. */
    BenchSizes withFreshLoad(int perSecond) {
        return new BenchSizes(
                ledgerEvents,
                naiveSeconds,
                markerCompletions,
                markerRatePerSecond,
                markerRateSeconds,
                markerBaseline,
                plannerViewKeys,
                plannerNames,
                plannerRequests,
                bootstrapObjects,
                bootstrapSmallObjects,
                backupSmallFiles,
                backupLargeBytes,
                perSecond,
                freshRequests,
                freshWarmUpMaxSeconds,
                freshIngestEvents,
                uiProjects);
    }

    /** Every count multiplied by {@code factor} (rates and durations unchanged). */
    BenchSizes scaled(double factor) {
        return new BenchSizes(
                (int) (ledgerEvents * factor),
                naiveSeconds,
                (int) (markerCompletions * factor),
                markerRatePerSecond,
                markerRateSeconds,
                (int) (markerBaseline * factor),
                (int) (plannerViewKeys * factor),
                (int) (plannerNames * factor),
                plannerRequests,
                (int) (bootstrapObjects * factor),
                (int) (bootstrapSmallObjects * factor),
                (int) (backupSmallFiles * factor),
                (long) (backupLargeBytes * factor),
                freshLoadPerSecond,
                (int) (freshRequests * factor),
                freshWarmUpMaxSeconds,
                (int) (freshIngestEvents * factor),
                (int) (uiProjects * factor));
    }
}
