package dev.cairn.bootstrap.service;

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
 * time; the folders of a page are listed in parallel on the {@link ListingPool} (each one completely, recursively) while
 * the next delimiter page is fetched; then the page's matches and the delimiter listing's continuation token are
 * committed together. Files directly under the prefix are classified too (the seed's flat rule applies to them).
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

    FolderSourceLister(ObjectLister s3, MatchStore store, ListingPool pool) {
        this.s3 = s3;
        this.store = store;
        this.pool = pool;
    }

    @Override
    public void list(UUID scan, SourceRecord source, BooleanSupplier stopped) {
        Checkpoint at = source.checkpoint();
        if (at.done()) {
            return;
        }
        SentinelRules rules = SourceLister.rules(source);
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
                List<String> projectFolders = new ArrayList<>(page.commonPrefixes().size());
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
                for (String folder : projectFolders) {
                    folders.add(pool.submit(() -> listFolder(source, rules, folder, stopped)));
                }
                for (Future<PageMatches> folder : folders) {
                    matches.merge(ListingPool.await(folder));
                }
                store.commitPage(scan, source.ordinal(), next,
                        new MatchStore.PageCounts(matches.objects(), matches.folders(), matches.sentinels()),
                        matches.matches(), matches.problems());
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
        return pool.submit(() -> s3.page(source.bucket(), at.listingPrefix(), DELIMITER, at.continuationToken(), stopped));
    }

    /** Every object below one project folder (all pages); at most one match per folder is kept. */
    private PageMatches listFolder(SourceRecord source, SentinelRules rules, String folder, BooleanSupplier stopped) {
        PageMatches matches = new PageMatches(rules, source.ordinal());
        matches.folderListed();
        String token = null;
        do {
            ListObjectsV2Response page = s3.page(source.bucket(), folder, null, token, stopped);
            for (S3Object o : page.contents()) {
                matches.offer(o.key(), o.lastModified(), o.eTag());
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return matches;
    }
}
