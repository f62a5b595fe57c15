package dev.cairn.bootstrap.s3;

import dev.cairn.bootstrap.scan.PageMatches;
import dev.cairn.bootstrap.scan.SentinelRules;
import dev.cairn.bootstrap.store.Checkpoint;
import dev.cairn.bootstrap.store.MatchStore;
import dev.cairn.bootstrap.store.SourceRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code folder} layout: the prefix is listed with the {@code /} delimiter, a page of up to 1,000 project folders at a
 * time. The page's folders are split into contiguous runs (as many as {@code cairn.bootstrap.list-concurrency}); each
 * run is listed recursively as one key range (start after its first folder, stop past its last) in parallel on the
 * {@link ListingPool}, while the next delimiter page is fetched; then the page's matches and the delimiter listing's
 * continuation token are committed together. A range returns up to 1,000 keys a request, where one listing per folder
 * would return a handful (five-file project folders made that 200,000 requests per million objects).
 * Files directly under the prefix are classified from the delimiter page (the seed's flat rule applies to them).
 *
 * <p>A prefix without a trailing slash ({@code photogrammetry/default-run}) comes back as the single common prefix
 * {@code photogrammetry/default-run/}, whose children are the project folders: such a "root" is listed next (the
 * checkpoint's {@code nextRoot}), as the seed's {@code lstrip("/")} makes its children the projects. A crash re-lists
 * at most the folders of one page; upserts keep the result exact.
 */
@ApplicationScoped
public class FolderSourceLister implements SourceLister {

    private static final String DELIMITER = "/";

    private final ObjectLister s3;
    private final MatchStore store;
    private final ListingPool pool;
    private final int parallelism;

    FolderSourceLister(
            ObjectLister s3, MatchStore store, ListingPool pool, dev.cairn.bootstrap.config.BootstrapConfig config) {
        this.s3 = s3;
        this.store = store;
        this.pool = pool;
        this.parallelism = Math.max(1, config.listConcurrency());
    }

    @Override
    public void list(UUID scan, SourceRecord source, BooleanSupplier stopped) {
        Checkpoint at = source.checkpoint();
        if (at.done()) {
            return;
        }
        SentinelRules rules = SourceLister.rules(source, stopped);
        Future<ListObjectsV2Response> pending = delimiterPage(source, at, stopped);
        List<Future<PageMatches>> folders = new ArrayList<>();
        try {
            while (true) {
                ListObjectsV2Response page = ListingPool.await(pending);
                PageMatches matches = new PageMatches(rules, source.ordinal());
                for (S3Object o : page.contents()) {
                    matches.offer(o.key(), o.lastModified(), o.eTag());
                }
                String nextRoot = at.nextRoot();
                List<String> projectFolders =
                        new ArrayList<>(page.commonPrefixes().size());
                for (CommonPrefix folder : page.commonPrefixes()) {
                    if (rules.folderProject(folder.prefix()) == null) {
                        nextRoot = folder.prefix();
                    } else {
                        projectFolders.add(folder.prefix());
                    }
                }
                Checkpoint next = next(at, page, nextRoot);
                pending = next.done() ? null : delimiterPage(source, next, stopped);
                folders.clear();
                String listingPrefix = at.listingPrefix();
                for (List<String> run : runs(projectFolders, parallelism)) {
                    folders.add(pool.submit(() -> listRange(source, rules, listingPrefix, run, stopped)));
                }
                for (Future<PageMatches> folder : folders) {
                    matches.merge(ListingPool.await(folder));
                }
                store.commitPage(
                        scan,
                        source.ordinal(),
                        next,
                        new MatchStore.PageCounts(matches.objects(), matches.folders(), matches.sentinels()),
                        matches.matches(),
                        matches.problems());
                if (next.done()) {
                    return;
                }
                at = next;
            }
        } catch (RuntimeException e) {
            ListingPool.cancelAll(folders);
            if (pending != null) {
                pending.cancel(true);
            }
            throw e;
        }
    }

    /** The checkpoint after {@code page}: its continuation, else the deferred root, else done. */
    static Checkpoint next(Checkpoint at, ListObjectsV2Response page, String nextRoot) {
        if (Boolean.TRUE.equals(page.isTruncated())) {
            return new Checkpoint(at.listingPrefix(), page.nextContinuationToken(), nextRoot, false);
        }
        if (nextRoot != null) {
            return new Checkpoint(nextRoot, null, null, false);
        }
        return new Checkpoint(at.listingPrefix(), null, null, true);
    }

    private Future<ListObjectsV2Response> delimiterPage(SourceRecord source, Checkpoint at, BooleanSupplier stopped) {
        return pool.submit(
                () -> s3.page(source.bucket(), at.listingPrefix(), DELIMITER, at.continuationToken(), stopped));
    }

    /** {@code folders} (sorted) cut into at most {@code n} contiguous runs of near-equal size. */
    static List<List<String>> runs(List<String> folders, int n) {
        List<List<String>> runs = new ArrayList<>();
        int size = Math.max(1, (folders.size() + n - 1) / n);
        for (int i = 0; i < folders.size(); i += size) {
            runs.add(folders.subList(i, Math.min(folders.size(), i + size)));
        }
        return runs;
    }

    /**
     * Every object of the project folders of {@code run}: one recursive listing starting just before its first folder
     * and stopping past its last. Keys in between that belong to no folder of the run (a file directly under the prefix,
     * a folder of another run or a non-project prefix) are skipped: they are counted where they belong.
     */
    private PageMatches listRange(
            SourceRecord source, SentinelRules rules, String listingPrefix, List<String> run, BooleanSupplier stopped) {
        PageMatches matches = new PageMatches(rules, source.ordinal());
        java.util.Set<String> members = new java.util.HashSet<>(run);
        run.forEach(f -> matches.folderListed());
        String first = run.get(0);
        String last = run.get(run.size() - 1);
        String startAfter = first.substring(0, first.length() - 1);
        String token = null;
        boolean past = false;
        do {
            ListObjectsV2Response page = s3.pageAfter(source.bucket(), listingPrefix, startAfter, token, stopped);
            for (S3Object o : page.contents()) {
                String key = o.key();
                if (key.compareTo(last) > 0 && !key.startsWith(last)) {
                    past = true;
                    break;
                }
                if (members.contains(folderOf(key, listingPrefix))) {
                    matches.offer(key, o.lastModified(), o.eTag());
                }
            }
            token = !past && Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return matches;
    }

    /** The common prefix (first-level folder, with its slash) of {@code key} under {@code listingPrefix}, or null. */
    static String folderOf(String key, String listingPrefix) {
        int slash = key.indexOf('/', listingPrefix.length());
        return slash < 0 ? null : key.substring(0, slash + 1);
    }
}
