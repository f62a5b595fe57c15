package dev.cairn.bootstrap.s3;

import dev.cairn.bootstrap.scan.SentinelRules;
import dev.cairn.bootstrap.store.SourceRecord;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Lists one source of a scan from its checkpoint to its end, committing every page with the checkpoint after it. */
public interface SourceLister {

    void list(UUID scan, SourceRecord source, BooleanSupplier stopped);

    static SentinelRules rules(SourceRecord source, BooleanSupplier stopped) {
        return new SentinelRules(source.prefix(), source.sentinels(), source.projectPattern(), stopped);
    }
}
