package dev.cairn.ledger.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which {@code remaining} probes its candidates: close to the order of the primary key (item names by
 * code point), so that consecutive probes descend to neighbouring index and heap pages. Only the locality of the
 * probes depends on it, never the answer.
 *
 * <p>Sorting the names themselves cost about 70 ms of CPU for 100,000 names that share a long prefix (every
 * comparison walks the prefix again). Instead each candidate gets one {@code long}: the first {@link #KEY_CHARS}
 * characters after the prefix that all candidates share (8 bits each, characters above U+00FF counted as U+00FF),
 * then its input position in the low {@link #INDEX_BITS} bits, and the {@code long}s are sorted as numbers. Names
 * that agree on those characters stay in input order among themselves: they are neighbours in the index anyway.
 */
final class ProbeOrder {

    static final int KEY_CHARS = 5;
    static final int INDEX_BITS = 20;

    private ProbeOrder() {}

    /** The input positions of {@code names} in probe order. */
    static int[] of(List<String> names) {
        int n = names.size();
        int[] order = new int[n];
        if (n == 0) {
            return order;
        }
        if (n > 1 << INDEX_BITS) {
            Integer[] boxed = new Integer[n];
            Arrays.setAll(boxed, i -> i);
            Arrays.sort(boxed, Comparator.comparing(names::get));
            Arrays.setAll(order, i -> boxed[i]);
            return order;
        }
        int shared = sharedPrefix(names);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (key(names.get(i), shared) << INDEX_BITS) | i;
        }
        Arrays.sort(keys);
        long mask = (1L << INDEX_BITS) - 1;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & mask);
        }
        return order;
    }

    private static int sharedPrefix(List<String> names) {
        String first = names.get(0);
        int shared = first.length();
        for (int i = 1; i < names.size() && shared > 0; i++) {
            String name = names.get(i);
            int limit = Math.min(shared, name.length());
            int j = 0;
            while (j < limit && name.charAt(j) == first.charAt(j)) {
                j++;
            }
            shared = j;
        }
        return shared;
    }

    /** {@link #KEY_CHARS} characters from {@code from}, 8 bits each; a name that ends early is padded with 0. */
    private static long key(String name, int from) {
        long key = 0;
        for (int k = 0; k < KEY_CHARS; k++) {
            int at = from + k;
            int c = at < name.length() ? Math.min(name.charAt(at), 0xFF) : 0;
            key = (key << 8) | c;
        }
        return key;
    }
}
