package dev.cairn.bench;

import dev.cairn.devstack.AppProcess;
import dev.cairn.local.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A service counter sampled over time (from {@code /q/metrics}) until it reaches a target: the rate is the target
 * divided by the time between the last sample still at its start value and the first sample at the target.
 */
final class CounterSeries {

    record Sample(double seconds, double value) {}

    private final List<Sample> samples = new ArrayList<>();
    private double startSeconds = Double.NaN;
    private double endSeconds = Double.NaN;
    private double cpuSeconds;
    private double peakRssMb;

    static CounterSeries follow(AppProcess app, String metric, String labels, double target, Duration timeout) {
        return follow(app, metric, labels, target, timeout, null);
    }

    /** As above, feeding each sample to {@code progress} (null: silent). */
    static CounterSeries follow(
            AppProcess app, String metric, String labels, double target, Duration timeout, Progress progress) {
        CounterSeries s = new CounterSeries();
        long t0 = System.nanoTime();
        double cpu0 = ProcStats.cpuSeconds(app.pid());
        double start = Metrics.value(app.baseUrl(), metric, labels);
        double last = start;
        while (last < target) {
            if ((System.nanoTime() - t0) > timeout.toNanos()) {
                throw new IllegalStateException(metric + " reached only " + last + " of " + target + " in " + timeout
                        + "; log " + app.log() + ":\n" + app.tail(20));
            }
            if (!app.isAlive()) {
                throw new IllegalStateException(app.log() + " ended:\n" + app.tail(30));
            }
            BenchContext.sleep(250);
            double now = (System.nanoTime() - t0) / 1e9;
            double v = Metrics.value(app.baseUrl(), metric, labels);
            if (Double.isNaN(v)) {
                continue;
            }
            if (v <= start) {
                s.startSeconds = now;
            }
            s.samples.add(new Sample(now, v));
            if (progress != null) {
                progress.update(v);
            }
            last = v;
        }
        s.endSeconds = s.samples.get(s.samples.size() - 1).seconds();
        if (Double.isNaN(s.startSeconds)) {
            s.startSeconds = 0;
        }
        s.cpuSeconds = ProcStats.cpuSeconds(app.pid()) - cpu0;
        s.peakRssMb = ProcStats.peakRssMb(app.pid());
        return s;
    }

    double seconds() {
        return endSeconds - startSeconds;
    }

    double ratePerSecond(double count) {
        return count / seconds();
    }

    double cpuSeconds() {
        return cpuSeconds;
    }

    double peakRssMb() {
        return peakRssMb;
    }

    /** Per-second rate between consecutive samples, for the throughput-over-time plot. */
    List<Sample> rates() {
        List<Sample> out = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            out.add(new Sample(b.seconds() - startSeconds, (b.value() - a.value()) / (b.seconds() - a.seconds())));
        }
        return out;
    }
}
