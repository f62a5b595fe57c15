package dev.cairn.marker.service;

import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.config.MarkerConfig.ConditionalWrites;
import dev.cairn.marker.store.MarkerBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Whether the bucket's server honours {@code If-None-Match: *} on PUT: from {@code cairn.marker.conditional-writes},
 * or for {@code auto} from a probe the first time a marker is written (retried while S3 is down).
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
