package dev.cairn.bootstrap.scan;

import java.util.List;

/**
 * {@code cairn.bootstrap.allowed-buckets}: the buckets scans may read. Entries are exact names, or a name ending in
 * {@code *} for every bucket that starts with what precedes it ({@code *} alone: every bucket). None by default.
 */
public record AllowedBuckets(List<String> entries) {

    public AllowedBuckets {
        entries = List.copyOf(entries);
    }

    public boolean allows(String bucket) {
        for (String e : entries) {
            if (e.endsWith("*") ? bucket.startsWith(e.substring(0, e.length() - 1)) : e.equals(bucket)) {
                return true;
            }
        }
        return false;
    }
}
