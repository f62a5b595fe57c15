package dev.cairn.marker.service;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.metrics.MarkerMetrics;
import dev.cairn.marker.store.MarkerBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Writes one completion's marker folder: {@code execution_metadata.json}, {@code table_metrics.json}, then LAST
 * {@code completion_marker.txt} (a failure folder: {@code execution_metadata.json}, then {@code failure_marker.txt};
 * see {@link MarkerFiles}), each call retried until S3 answers.
 *
 * <p>Where the server honours {@code If-None-Match: *}, the folder is claimed by creating its
 * {@code execution_metadata.json} conditionally. A 412 means the folder exists: when its stored event id is this
 * completion's, it is this completion's folder (a redelivery finishes it); otherwise the next candidate is tried
 * ({@code 20250912_143022}, {@code 20250912_143022_2}, {@code _3}… up to {@code cairn.marker.max-folders}). Before
 * claiming, the candidates that exist are searched for one holding this event id, so that a redelivery finds its own
 * folder even when an earlier candidate was deleted meanwhile. Every PUT is conditional, so no object of
 * another execution is ever overwritten. Where the server does not honour it, the folder name carries the event's
 * hash ({@code 20250912_143022_a3f8e1b2}): unique to the event, the same on every redelivery, no claim needed.
 */
@ApplicationScoped
public class MarkerWriter {

    private static final Logger LOG = Logger.getLogger(MarkerWriter.class);

    private final MarkerBucket bucket;
    private final Retrier retrier;
    private final ConditionalWriteSupport conditional;
    private final MarkerRules rules;
    private final MarkerMetrics metrics;
    private final int maxFolders;

    @Inject
    public MarkerWriter(
            MarkerBucket bucket,
            Retrier retrier,
            ConditionalWriteSupport conditional,
            MarkerRules rules,
            MarkerMetrics metrics,
            MarkerConfig config) {
        this(bucket, retrier, conditional, rules, metrics, config.maxFolders());
    }

    public MarkerWriter(
            MarkerBucket bucket,
            Retrier retrier,
            ConditionalWriteSupport conditional,
            MarkerRules rules,
            MarkerMetrics metrics,
            int maxFolders) {
        this.maxFolders = maxFolders;
        this.bucket = bucket;
        this.retrier = retrier;
        this.conditional = conditional;
        this.rules = rules;
        this.metrics = metrics;
    }

    /** Writes (or finishes) the folder of {@code c} and describes it; blocks until S3 has all three files. */
    public MarkerWritten write(CompletionRecorded c) {
        MarkerFiles.Content content = MarkerFiles.render(c);
        FolderTemplate template = rules.templateFor(c.pipeline());
        String folder =
                conditional.supported() ? claimAndWrite(c, content, template) : writeUnique(c, content, template);
        if (!MarkerFiles.failed(c)) {
            metrics.written(
                    c.pipeline(), c.recordedAt() == null ? null : Duration.between(c.recordedAt(), Instant.now()));
        }
        LOG.infof("marker folder s3://%s/%s written for event %s", bucket.name(), folder, c.eventId());
        return new MarkerWritten(
                MarkerWritten.SCHEMA,
                c.eventId(),
                c.pipeline(),
                c.project(),
                c.configId(),
                c.change().stage(),
                bucket.name(),
                folder,
                keys(folder, content),
                Instant.now());
    }

    private String claimAndWrite(CompletionRecorded c, MarkerFiles.Content content, FolderTemplate template) {
        String folder = claim(c, content, template);
        for (MarkerFiles.MarkerFile f :
                content.files().subList(1, content.files().size())) {
            putIfAbsent(folder + f.name(), f.body(), f.contentType(), c.eventId());
        }
        return folder;
    }

    private String claim(CompletionRecorded c, MarkerFiles.Content content, FolderTemplate template) {
        Optional<String> own = retrier.untilDone("s3.find", c.eventId(), () -> ownFolder(c, content, template));
        if (own.isPresent()) {
            return own.get();
        }
        for (int n = 1; n <= maxFolders; n++) {
            String folder = candidate(c, content, template, n);
            MarkerFiles.MarkerFile first = content.files().get(0);
            String key = folder + first.name();
            // PUT and HEAD are retried together: if the object vanishes in between (retention), the next PUT creates it
            boolean ours = retrier.untilDone(
                    "s3.claim",
                    key,
                    () -> bucket.putIfAbsent(key, first.body(), first.contentType(), c.eventId())
                            || bucket.eventIdOf(key)
                                    .orElseThrow(() -> new ConcurrentModificationException(key + " vanished after 412"))
                                    .equals(c.eventId()));
            if (ours) {
                return folder;
            }
        }
        throw new S3Failures.NoFreeFolderException("no free marker folder for event " + c.eventId() + " after "
                + maxFolders + " candidates (cairn.marker.max-folders)");
    }

    /**
     * The folder this event already claimed, if any: found by its event id among the candidates that exist, so that
     * a redelivery never claims a second folder when an earlier candidate was deleted meanwhile (retention).
     */
    private Optional<String> ownFolder(CompletionRecorded c, MarkerFiles.Content content, FolderTemplate template) {
        String first = candidate(c, content, template, 1);
        String prefix = commonPrefix(first, candidate(c, content, template, 2));
        Set<String> existing = new HashSet<>();
        bucket.listKeys(prefix, existing::addAll);
        for (int n = 1; n <= maxFolders && !existing.isEmpty(); n++) {
            String folder = candidate(c, content, template, n);
            String key = folder + MarkerFiles.EXECUTION_METADATA;
            if (existing.remove(key) && c.eventId().equals(bucket.eventIdOf(key).orElse(null))) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    private static String candidate(CompletionRecorded c, MarkerFiles.Content content, FolderTemplate t, int n) {
        return t.render(values(c, n == 1 ? content.timestamp() : content.timestamp() + "_" + n));
    }

    private static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }

    private String writeUnique(CompletionRecorded c, MarkerFiles.Content content, FolderTemplate template) {
        String folder = template.render(values(c, content.timestamp() + "_" + content.eventHash()));
        for (MarkerFiles.MarkerFile f : content.files()) {
            put(folder + f.name(), f.body(), f.contentType(), c.eventId());
        }
        return folder;
    }

    private boolean putIfAbsent(String key, byte[] body, String contentType, String eventId) {
        return retrier.untilDone("s3.put", key, () -> bucket.putIfAbsent(key, body, contentType, eventId));
    }

    private void put(String key, byte[] body, String contentType, String eventId) {
        retrier.untilDone("s3.put", key, () -> bucket.put(key, body, contentType, eventId));
    }

    private static FolderTemplate.Values values(CompletionRecorded c, String timestamp) {
        return new FolderTemplate.Values(
                c.pipeline(), c.project(), c.configId(), c.change().stage(), timestamp);
    }

    /** The folder's keys in the order they are written. */
    public static List<String> keys(String folder, MarkerFiles.Content content) {
        return content.files().stream().map(f -> folder + f.name()).toList();
    }
}
