package dev.cairn.marker.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.store.MarkerBucket;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Deletes marker folders whose timestamp (the folder name, not the objects' dates) is older than N days.
 * Streams the listing page by page, and deletes each folder's {@code completion_marker.txt} before its companions,
 * so a sensor never sees a text marker whose other files are gone. Keys that are no marker folder's are never touched.
 */
@ApplicationScoped
public class RetentionSweep {

    /** What a sweep did (or, in a dry run, would do); {@code folders} lists at most {@value #LISTED} of them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(
            boolean dryRun,
            int olderThanDays,
            Instant cutoff,
            long foldersExpired,
            long keysDeleted,
            List<String> folders,
            boolean truncated) {}

    static final int LISTED = 1000;
    private static final int FLUSH_AT = 1000;
    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    private final MarkerBucket bucket;
    private final MarkerRules rules;
    private final MarkerConfig.Retention settings;
    private final Clock clock;

    public RetentionSweep(MarkerBucket bucket, MarkerRules rules, MarkerConfig config) {
        this.bucket = bucket;
        this.rules = rules;
        this.settings = config.retention();
        this.clock = Clock.systemUTC();
    }

    @Scheduled(
            every = "${cairn.marker.retention.every:1h}",
            delayed = "${cairn.marker.retention.every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!settings.enabled()) {
            return;
        }
        try {
            Report r = sweep(settings.days().orElseThrow(), settings.dryRun());
            LOG.infof(
                    "retention sweep%s: %d folder(s) older than %s, %d key(s) deleted",
                    r.dryRun() ? " (dry run)" : "", r.foldersExpired(), r.cutoff(), r.keysDeleted());
        } catch (RuntimeException e) {
            LOG.errorf("retention sweep failed, next run in %s: %s", settings.every(), e.toString());
        }
    }

    /** Sweeps every marker root prefix; in a dry run only lists and logs. */
    public Report sweep(int olderThanDays, boolean dryRun) {
        Instant cutoff = clock.instant().minus(Duration.ofDays(olderThanDays));
        Pass pass = new Pass(cutoff, dryRun);
        for (String root : roots()) {
            bucket.listKeys(root, page -> page.forEach(pass::offer));
        }
        pass.flush();
        return new Report(
                dryRun,
                olderThanDays,
                cutoff,
                pass.expired,
                pass.deleted,
                List.copyOf(pass.listed),
                pass.expired > pass.listed.size());
    }

    /** The static prefixes of all templates, without those inside another one. */
    List<String> roots() {
        List<String> prefixes = rules.templates().stream()
                .map(FolderTemplate::staticPrefix)
                .distinct()
                .sorted(Comparator.comparingInt(String::length))
                .toList();
        List<String> roots = new ArrayList<>();
        prefixes.forEach(p -> {
            if (roots.stream().noneMatch(p::startsWith)) {
                roots.add(p);
            }
        });
        return roots;
    }

    private Optional<FolderTemplate.Match> match(String key) {
        for (FolderTemplate t : rules.templates()) {
            FolderTemplate.Match m = t.matchKey(key, null, null);
            if (m != null) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The state of one sweep: expired folders' keys waiting for deletion, and the counts. */
    private final class Pass {
        final Instant cutoff;
        final boolean dryRun;
        final Map<String, List<String>> pending = new LinkedHashMap<>();
        final List<String> listed = new ArrayList<>();
        int pendingKeys;
        long expired;
        long deleted;
        String lastFolder;

        Pass(Instant cutoff, boolean dryRun) {
            this.cutoff = cutoff;
            this.dryRun = dryRun;
        }

        void offer(String key) {
            Optional<FolderTemplate.Match> m = match(key);
            if (m.isEmpty()) {
                return;
            }
            Optional<Instant> at = MarkerTime.parseFolderTimestamp(m.get().timestamp());
            if (at.isEmpty() || !at.get().isBefore(cutoff)) {
                return;
            }
            String folder = m.get().folder();
            if (!folder.equals(lastFolder)) {
                lastFolder = folder;
                expired++;
                if (listed.size() < LISTED) {
                    listed.add(folder);
                }
                LOG.infof(
                        "retention%s: folder %s (%s) is older than %s",
                        dryRun ? " (dry run)" : "", folder, at.get(), cutoff);
            }
            pending.computeIfAbsent(folder, f -> new ArrayList<>()).add(key);
            if (++pendingKeys >= FLUSH_AT) {
                flush();
            }
        }

        void flush() {
            if (!dryRun && pendingKeys > 0) {
                List<String> markers = new ArrayList<>();
                List<String> others = new ArrayList<>();
                pending.values()
                        .forEach(keys -> keys.forEach(
                                k -> (k.endsWith("/" + MarkerFiles.COMPLETION_MARKER) ? markers : others).add(k)));
                bucket.delete(markers);
                bucket.delete(others);
                deleted += pendingKeys;
            }
            pending.clear();
            pendingKeys = 0;
        }
    }
}
