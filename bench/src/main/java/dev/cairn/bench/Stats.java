package dev.cairn.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of measured samples (nearest rank). */
final class Stats {

    private final double[] sorted;

    Stats(List<Double> samples) {
        this.sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double median() {
        return percentile(50);
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    int count() {
        return sorted.length;
    }

    double[] values() {
        return Arrays.copyOf(sorted, sorted.length);
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
