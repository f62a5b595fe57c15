package dev.cairn.planner.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The projects of one {@code (pipeline, config_id)}: a packed open-addressing hash table, so a million keys cost
 * tens of bytes each instead of a map entry, a String and an object. Entries live densely in parallel columns
 * (index {@code 0..size-1}); names (ASCII by the DESIGN §2 rule) sit in one byte arena; {@code slots} maps a hash to
 * an entry with linear probing and backward-shift deletion. A lookup by a {@code char[]} range allocates nothing.
 * Not thread-safe: {@link CompletionView} guards it.
 */
final class ProjectTable {

    static final int NOT_FOUND = -1;
    private static final float LOAD = 0.6f;

    private int[] slots = new int[16];       // entry index + 1, 0 = empty
    private int size;
    private int[] nameStart = new int[8];
    private byte[] nameLength = new byte[8];  // 1..200, read as unsigned
    private long[] version = new long[8];
    private byte[] level = new byte[8];       // 0 = none, else stage id + 1 (unsigned)
    private long[] completedSecond = new long[8];
    private int[] completedNano = new int[8];
    private String[] runId = new String[8];   // interned by CompletionView
    private byte[] names = new byte[256];
    private int namesUsed;
    private int namesWasted;

    int size() {
        return size;
    }

    int find(char[] text, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 255) {
            return NOT_FOUND;
        }
        int mask = slots.length - 1;
        for (int s = home(hash(text, from, to)); ; s = (s + 1) & mask) {
            int e = slots[s] - 1;
            if (e < 0) {
                return NOT_FOUND;
            }
            if (sameName(e, text, from, len)) {
                return e;
            }
        }
    }

    int find(String name) {
        char[] chars = name.toCharArray();
        return find(chars, 0, chars.length);
    }

    /** The entry of {@code name}, added with version 0 and no level when absent. {@code name} must be ASCII. */
    int findOrAdd(String name) {
        int found = find(name);
        if (found >= 0) {
            return found;
        }
        if (size == version.length) {
            growEntries();
        }
        if (size + 1 > slots.length * LOAD) {
            rehash(slots.length * 2);
        }
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        int e = size++;
        nameStart[e] = appendName(bytes);
        nameLength[e] = (byte) bytes.length;
        version[e] = 0;
        level[e] = 0;
        completedSecond[e] = 0;
        completedNano[e] = -1;
        runId[e] = null;
        insertSlot(e);
        return e;
    }

    void set(int e, long newVersion, int levelCode, long second, int nano, String run) {
        version[e] = newVersion;
        level[e] = (byte) levelCode;
        completedSecond[e] = second;
        completedNano[e] = nano;
        runId[e] = run;
    }

    long version(int e) {
        return version[e];
    }

    /** 0 when nothing is complete, else the level's stage id + 1. */
    int levelCode(int e) {
        return level[e] & 0xFF;
    }

    /** Seconds of the level stage's last completion; meaningful only when {@link #completedNano} is not -1. */
    long completedSecond(int e) {
        return completedSecond[e];
    }

    /** Nanoseconds of the level stage's last completion, or -1 when unknown. */
    int completedNano(int e) {
        return completedNano[e];
    }

    String runId(int e) {
        return runId[e];
    }

    String name(int e) {
        return new String(names, nameStart[e], nameLength[e] & 0xFF, StandardCharsets.ISO_8859_1);
    }

    boolean remove(String name) {
        int e = find(name);
        if (e < 0) {
            return false;
        }
        deleteSlot(slotOf(e));
        namesWasted += nameLength[e] & 0xFF;
        int last = --size;
        if (e != last) {
            slots[slotOf(last)] = e + 1;
            nameStart[e] = nameStart[last];
            nameLength[e] = nameLength[last];
            set(e, version[last], level[last] & 0xFF, completedSecond[last], completedNano[last], runId[last]);
        }
        runId[last] = null;
        if (namesWasted > 4096 && namesWasted > namesUsed / 2) {
            compactNames();
        }
        return true;
    }

    /** Bytes held by the arrays of this table (the view's memory, for the metrics). */
    long footprintBytes() {
        long perEntry = 4L + 1 + 8 + 1 + 8 + 4 + 4;
        return 4L * slots.length + perEntry * version.length + names.length;
    }

    private boolean sameName(int e, char[] text, int from, int len) {
        if ((nameLength[e] & 0xFF) != len) {
            return false;
        }
        int start = nameStart[e];
        for (int k = 0; k < len; k++) {
            if ((names[start + k] & 0xFF) != text[from + k]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(char[] text, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + text[i];
        }
        return h;
    }

    private int hashOfEntry(int e) {
        int h = 0;
        int start = nameStart[e];
        for (int k = 0, len = nameLength[e] & 0xFF; k < len; k++) {
            h = 31 * h + (names[start + k] & 0xFF);
        }
        return h;
    }

    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(slots.length));
    }

    private void insertSlot(int e) {
        int mask = slots.length - 1;
        int s = home(hashOfEntry(e));
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = e + 1;
    }

    private int slotOf(int e) {
        int mask = slots.length - 1;
        int s = home(hashOfEntry(e));
        while (slots[s] != e + 1) {
            s = (s + 1) & mask;
        }
        return s;
    }

    private void deleteSlot(int s) {
        int mask = slots.length - 1;
        int hole = s;
        for (int j = (s + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int h = home(hashOfEntry(slots[j] - 1));
            if (((j - h) & mask) >= ((j - hole) & mask)) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = 0;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        for (int e = 0; e < size; e++) {
            insertSlot(e);
        }
    }

    private void growEntries() {
        int capacity = version.length + (version.length >> 1) + 8;
        nameStart = Arrays.copyOf(nameStart, capacity);
        nameLength = Arrays.copyOf(nameLength, capacity);
        version = Arrays.copyOf(version, capacity);
        level = Arrays.copyOf(level, capacity);
        completedSecond = Arrays.copyOf(completedSecond, capacity);
        completedNano = Arrays.copyOf(completedNano, capacity);
        runId = Arrays.copyOf(runId, capacity);
    }

    private int appendName(byte[] bytes) {
        if (namesUsed + bytes.length > names.length) {
            names = Arrays.copyOf(names, Math.max(names.length * 2, namesUsed + bytes.length));
        }
        System.arraycopy(bytes, 0, names, namesUsed, bytes.length);
        int start = namesUsed;
        namesUsed += bytes.length;
        return start;
    }

    private void compactNames() {
        byte[] packed = new byte[Math.max(256, namesUsed - namesWasted + (namesUsed - namesWasted) / 2)];
        int used = 0;
        for (int e = 0; e < size; e++) {
            int len = nameLength[e] & 0xFF;
            System.arraycopy(names, nameStart[e], packed, used, len);
            nameStart[e] = used;
            used += len;
        }
        names = packed;
        namesUsed = used;
        namesWasted = 0;
    }
}
