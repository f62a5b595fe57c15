package dev.cairn.marker.messaging;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import dev.cairn.marker.config.MarkerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How many marker writers run at the same time, adapted to how long a marker's S3 calls take: one sample per
 * {@code MarkerWriter.write} attempt (the folder search, the claim and the two other PUTs), averaged over windows of
 * a second, fed to Netflix's {@code concurrency-limits} TCP Vegas limit. Vegas compares a window's latency with the
 * lowest seen ({@code rtt_noload}): while more writers leave it flat (a remote S3, where each call waits on the
 * network) the limit grows up to {@code cairn.marker.concurrency}; when it rises with the writers (S3 on loopback
 * sharing the cores, where added writers only add contention) the limit shrinks, down to
 * {@code cairn.marker.min-concurrency}. A failed attempt counts as a drop (shrink). A window with fewer writers busy
 * than half the limit changes nothing (the input, not S3, is the bottleneck then).
 */
@ApplicationScoped
public class WriterLimit {

    public static final String METRIC = "cairn.marker.writers.limit";

    private static final Logger LOG = Logger.getLogger(WriterLimit.class);

    private final int min;
    private final int max;
    private final VegasLimit vegas;
    private final Limit limit;
    private final AtomicInteger inflight = new AtomicInteger();
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();
    private volatile int current;

    @Inject
    WriterLimit(MarkerConfig config, MeterRegistry registry) {
        this(config.minConcurrency(), config.concurrency());
        Gauge.builder(METRIC, this, WriterLimit::current)
                .description("Marker writers allowed to run at the same time (adapts to the S3 calls' latency)")
                .register(registry);
    }

    /** Starts at {@code min} (capped at {@code max}) and stays within {@code min..max}. */
    WriterLimit(int min, int max) {
        if (min < 1 || max < 1) {
            throw new IllegalArgumentException("min and max must be at least 1");
        }
        this.max = max;
        this.min = Math.min(min, max);
        this.vegas = VegasLimit.newBuilder()
                .initialLimit(this.min)
                .maxConcurrency(max)
                // the default decrease (limit - log10 limit), kept from going below the configured minimum
                .decreaseFunction(l -> Math.max(this.min, l - Math.max(1, (int) Math.log10(l))))
                .build();
        this.limit = WindowedLimit.newBuilder()
                .minWindowTime(1, TimeUnit.SECONDS)
                .maxWindowTime(1, TimeUnit.SECONDS)
                .build(this.vegas);
        this.current = this.min;
        limit.notifyOnChange(this::changed);
    }

    /** The writers allowed now. */
    public int current() {
        return current;
    }

    /** Calls {@code listener} with the new count whenever it changes. */
    void onChange(IntConsumer listener) {
        listeners.add(listener);
    }

    /** Runs one attempt at a marker's S3 calls and records how long it took (a failure as a drop). */
    <T> T measure(Supplier<T> attempt) {
        long start = System.nanoTime();
        int busy = inflight.incrementAndGet();
        boolean failed = true;
        try {
            T result = attempt.get();
            failed = false;
            return result;
        } finally {
            inflight.decrementAndGet();
            sample(start, System.nanoTime() - start, busy, failed);
        }
    }

    /** One attempt that started at {@code startNanos}, took {@code nanos}, with {@code busy} attempts running. */
    void sample(long startNanos, long nanos, int busy, boolean failed) {
        limit.onSample(startNanos, Math.max(1, nanos), busy, failed);
    }

    private void changed(int proposed) {
        int next = Math.max(min, Math.min(max, proposed));
        int previous = current;
        if (next == previous) {
            return;
        }
        current = next;
        LOG.infof("marker writers %d -> %d (bounds %d..%d, %s)", previous, next, min, max, vegas);
        listeners.forEach(l -> l.accept(next));
    }
}
