package dev.cairn.marker.service;

import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.config.MarkerConfig.ConditionalWrites;
import dev.cairn.marker.store.MarkerBucket;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Whether the bucket's server honours {@code If-None-Match: *} on PUT: from {@code cairn.marker.conditional-writes},
 * or for {@code auto} from a probe (retried while S3 is down). The probe starts on a thread of its own when the
 * application starts, beside the consumer's group join, so that the first completion after a (re)start does not
 * wait for its three S3 calls on a cold client; a write that comes first waits for the same probe.
 */
@ApplicationScoped
public class ConditionalWriteSupport {

    private static final Logger LOG = Logger.getLogger(ConditionalWriteSupport.class);

    private final ConditionalWrites mode;
    private final MarkerBucket bucket;
    private final Retrier retrier;
    private final String probePrefix;
    private volatile Boolean supported;

    @Inject
    public ConditionalWriteSupport(MarkerConfig config, MarkerBucket bucket, Retrier retrier, MarkerRules rules) {
        this(
                config.conditionalWrites(),
                bucket,
                retrier,
                rules.templates().get(0).staticPrefix());
    }

    public ConditionalWriteSupport(ConditionalWrites mode, MarkerBucket bucket, Retrier retrier, String probePrefix) {
        this.mode = mode;
        this.bucket = bucket;
        this.retrier = retrier;
        this.probePrefix = probePrefix;
    }

    void onStart(@Observes StartupEvent event) {
        resolveInBackground();
    }

    /** Starts the probe of {@code auto} on a daemon thread; a failure is left to the first write, which probes again. */
    public void resolveInBackground() {
        if (mode != ConditionalWrites.AUTO || supported != null) {
            return;
        }
        Thread probe = new Thread(
                () -> {
                    try {
                        supported();
                    } catch (RuntimeException e) {
                        LOG.warnf("probing conditional writes at start failed, the first write probes again: %s", e);
                    }
                },
                "marker-conditional-probe");
        probe.setDaemon(true);
        probe.start();
    }

    /** The answer once known, without probing. */
    public Optional<Boolean> known() {
        return Optional.ofNullable(supported);
    }

    public boolean supported() {
        Boolean known = supported;
        if (known == null) {
            synchronized (this) {
                if (supported == null) {
                    supported = resolve();
                }
                known = supported;
            }
        }
        return known;
    }

    private boolean resolve() {
        return switch (mode) {
            case ENABLED -> true;
            case DISABLED -> false;
            case AUTO -> {
                String probeKey = probePrefix + ".cairn-probe/" + UUID.randomUUID();
                boolean works = retrier.untilDone("s3.probe", probeKey, () -> bucket.conditionalWritesWork(probeKey));
                LOG.infof(
                        "bucket %s %s If-None-Match: * on PUT; marker folders use %s",
                        bucket.name(),
                        works ? "honours" : "does not honour",
                        works ? "conditional claims" : "event-derived names (yyyyMMdd_HHmmss_<8 hex>)");
                yield works;
            }
        };
    }
}
