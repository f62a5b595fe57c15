package dev.cairn.bootstrap.store;

import java.time.Instant;

/** The sentinel that stands for one (project, stage) of a scan: the newest, ties going to the smallest key. */
public record Match(String project, int ordinal, Instant lastModified, String key, String etag) {

    /** Whether this match should replace {@code other} (same project and stage). */
    public boolean beats(Match other) {
        int byTime = lastModified.compareTo(other.lastModified);
        return byTime > 0 || (byTime == 0 && compareCodePoints(key, other.key) < 0);
    }

    /** S3's key order (UTF-8 bytes), which is Unicode code point order; String.compareTo differs past U+FFFF. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
