package dev.cairn.bootstrap.s3;

import dev.cairn.bootstrap.scan.PageMatches;
import dev.cairn.bootstrap.scan.SentinelRules;
import dev.cairn.bootstrap.store.Checkpoint;
import dev.cairn.bootstrap.store.MatchStore;
import dev.cairn.bootstrap.store.SourceRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code flat} layout: one recursive listing of the prefix, page by page. The next page is fetched while the current
 * one is classified and committed; memory holds two pages at most.
 */
@ApplicationScoped
public class FlatSourceLister implements SourceLister {

    private final ObjectLister s3;
    private final MatchStore store;
    private final ListingPool pool;

    FlatSourceLister(ObjectLister s3, MatchStore store, ListingPool pool) {
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
        SentinelRules rules = SourceLister.rules(source, stopped);
        String token = at.continuationToken();
        Future<ListObjectsV2Response> pending =
                pool.submit(() -> s3.page(source.bucket(), source.prefix(), null, token, stopped));
        while (true) {
            ListObjectsV2Response page = ListingPool.await(pending);
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            Checkpoint next = new Checkpoint(source.prefix(), more ? page.nextContinuationToken() : null, null, !more);
            pending = more
                    ? pool.submit(
                            () -> s3.page(source.bucket(), source.prefix(), null, next.continuationToken(), stopped))
                    : null;
            PageMatches matches = new PageMatches(rules, source.ordinal());
            for (S3Object o : page.contents()) {
                matches.offer(o.key(), o.lastModified(), o.eTag());
            }
            try {
                store.commitPage(
                        scan,
                        source.ordinal(),
                        next,
                        new MatchStore.PageCounts(matches.objects(), 0, matches.sentinels()),
                        matches.matches(),
                        matches.problems());
            } catch (RuntimeException e) {
                if (pending != null) {
                    pending.cancel(true);
                }
                throw e;
            }
            if (!more) {
                return;
            }
        }
    }
}
