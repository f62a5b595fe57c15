package dev.cairn.bench;

/**
 * Prints how far a long phase has got, at most every {@link #EVERY_NANOS} (so at least that often while it is fed):
 * the count so far, the rate since the previous line and since the phase started.
 */
final class Progress {

    static final long EVERY_NANOS = 5_000_000_000L;

    private final BenchContext ctx;
    private final String what;
    private final double target;
    private final long start = System.nanoTime();
    private long lastAt = start;
    private double lastValue = Double.NaN;
    private double firstValue = Double.NaN;

    Progress(BenchContext ctx, String what, double target) {
        this.ctx = ctx;
        this.what = what;
        this.target = target;
    }

    /** Records the current count; prints a line when the last one is {@link #EVERY_NANOS} old. */
    void update(double value) {
        long now = System.nanoTime();
        if (Double.isNaN(firstValue)) {
            firstValue = value;
            lastValue = value;
            return;
        }
        if (now - lastAt < EVERY_NANOS) {
            return;
        }
        double recent = (value - lastValue) / ((now - lastAt) / 1e9);
        double overall = (value - firstValue) / ((now - start) / 1e9);
        String of = target > 0 ? String.format(" of %,.0f", target) : "";
        ctx.log(
                "%s: %,.0f%s so far, %,.0f/s over the last %.0f s, %,.0f/s since the start",
                what, value, of, recent, (now - lastAt) / 1e9, overall);
        lastAt = now;
        lastValue = value;
    }
}
