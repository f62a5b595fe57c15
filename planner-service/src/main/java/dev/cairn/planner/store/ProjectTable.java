package dev.cairn.planner.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The projects of one {@code (pipeline, config_id)}: a packed open-addressing hash table, so a million keys cost
 * tens of bytes each instead of a map entry, a String and an object. Entries live densely in parallel columns
 * (index {@code 0..size-1}); names (ASCII by the docs/design.md §2 rule) sit in one byte arena; {@code slots} maps a hash to
 * an entry with linear probing and backward-shift deletion, each slot holding the full hash next to the entry index so
 * that a probe touches the entry's columns only on a hash match. A lookup by a {@code char[]} range allocates nothing.
 * Not thread-safe: {@link CompletionView} guards it. Its columns are package-private for {@link ProjectTableFormat}.
 */
final class ProjectTable {

    static final int NOT_FOUND = -1;
    static final float LOAD = 0.6f;

    long[] slots = new long[16]; // hash << 32 | (entry index + 1); 0 = empty
    int size;
    // name start (bits 0-31) | name length (32-39) | level code (40-47): what a lookup needs, in one cache line
    long[] meta = new long[8];
    long[] version = new long[8];
    long[] completedSecond = new long[8];
    int[] completedNano = new int[8];
    String[] runId = new String[8]; // interned by CompletionView
    // the dashboard's columns: 2 bits of StageMarks status per stage id (ids 0-31), recorded_at, and per stage id
    // the last completion (epoch ms; a column is allocated when a stage id first has a completion time)
    long[] statusBits = new long[8];
    long[] changedMillis = new long[8];
    long[][] stageMillis = new long[0][];
    final int[] levelCounts = new int[256]; // entries per level code
    byte[] names = new byte[256];
    int namesUsed;
    int namesWasted;

    int size() {
        return size;
    }

    int find(char[] text, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 255) {
            return NOT_FOUND;
        }
        int mask = slots.length - 1;
        int h = hash(text, from, to);
        for (int s = home(h); ; s = (s + 1) & mask) {
            long slot = slots[s];
            if (slot == 0) {
                return NOT_FOUND;
            }
            int e = (int) slot - 1;
            if ((int) (slot >>> 32) == h && sameName(e, text, from, len)) {
                return e;
            }
        }
    }

    /**
     * Level codes ({@link #levelCode}, or -1 when absent) of many names at once: name i is
     * {@code text[starts[i], ends[i])}. The same result as {@link #find} per name, in passes whose memory loads do not
     * depend on each other within a pass, so the CPU overlaps their cache misses instead of waiting for each lookup's
     * chain in turn: the hashes; the home slots; the probe on to the slot with the same hash or an empty one (a name
     * that is absent usually ends here, without touching an entry) and that entry's metadata; the name bytes.
     */
    void levelCodes(char[] text, int[] starts, int[] ends, int count, int[] out) {
        int[] hashes = new int[count];
        long[] found = new long[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = hash(text, starts[i], ends[i]);
        }
        for (int i = 0; i < count; i++) {
            found[i] = slots[home(hashes[i])];
        }
        int mask = slots.length - 1;
        for (int i = 0; i < count; i++) {
            long slot = found[i];
            int h = hashes[i];
            if (slot != 0 && (int) (slot >>> 32) != h) {
                int s = home(h);
                do {
                    s = (s + 1) & mask;
                    slot = slots[s];
                } while (slot != 0 && (int) (slot >>> 32) != h);
            }
            found[i] = slot == 0 ? 0 : meta[(int) slot - 1]; // an entry's meta is never 0: its name is not empty
        }
        for (int i = 0; i < count; i++) {
            int from = starts[i];
            long m = found[i];
            if (m == 0) {
                out[i] = -1;
            } else if (sameName(m, text, from, ends[i] - from)) {
                out[i] = (int) (m >>> 40) & 0xFF;
            } else { // the same 32-bit hash, another name: the full probe
                int e = find(text, from, ends[i]);
                out[i] = e < 0 ? -1 : levelCode(e);
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
        meta[e] = meta(appendName(bytes), bytes.length, 0);
        levelCounts[0]++;
        version[e] = 0;
        completedSecond[e] = 0;
        completedNano[e] = -1;
        runId[e] = null;
        statusBits[e] = 0;
        changedMillis[e] = 0;
        for (long[] column : stageMillis) {
            column[e] = StageMarks.NO_TIME;
        }
        insertSlot(e, hashOfEntry(e));
        return e;
    }

    void set(int e, long newVersion, int levelCode, long second, int nano, String run) {
        levelCounts[levelCode(e)]--;
        levelCounts[levelCode]++;
        version[e] = newVersion;
        meta[e] = meta(nameStart(e), nameLength(e), levelCode);
        completedSecond[e] = second;
        completedNano[e] = nano;
        runId[e] = run;
    }

    /** The dashboard's data of entry {@code e}: status bits, recorded_at and completion times by stage id. */
    void setMarks(int e, long bits, long changed, long[] completedByStageId) {
        statusBits[e] = bits;
        changedMillis[e] = changed;
        if (completedByStageId.length > stageMillis.length) {
            int old = stageMillis.length;
            stageMillis = Arrays.copyOf(stageMillis, completedByStageId.length);
            for (int id = old; id < stageMillis.length; id++) {
                stageMillis[id] = new long[version.length];
                Arrays.fill(stageMillis[id], StageMarks.NO_TIME);
            }
        }
        for (int id = 0; id < stageMillis.length; id++) {
            stageMillis[id][e] = id < completedByStageId.length ? completedByStageId[id] : StageMarks.NO_TIME;
        }
    }

    /** 2 bits of {@link StageMarks} status per stage id: {@code (bits >>> 2 * id) & 3}. */
    long statusBits(int e) {
        return statusBits[e];
    }

    /** {@code recorded_at} of the entry's state, epoch ms. */
    long changedMillis(int e) {
        return changedMillis[e];
    }

    /** Last completion of stage {@code id} (epoch ms), or {@link StageMarks#NO_TIME}. */
    long stageMillis(int e, int id) {
        return id < stageMillis.length ? stageMillis[id][e] : StageMarks.NO_TIME;
    }

    /** How many entries have this level code (0 = nothing complete). */
    int countWithLevelCode(int levelCode) {
        return levelCounts[levelCode];
    }

    long version(int e) {
        return version[e];
    }

    /** 0 when nothing is complete, else the level's stage id + 1. */
    int levelCode(int e) {
        return (int) (meta[e] >>> 40) & 0xFF;
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
        return new String(names, nameStart(e), nameLength(e), StandardCharsets.ISO_8859_1);
    }

    boolean remove(String name) {
        int e = find(name);
        if (e < 0) {
            return false;
        }
        deleteSlot(slotOf(e));
        namesWasted += nameLength(e);
        levelCounts[levelCode(e)]--;
        int last = --size;
        if (e != last) {
            int s = slotOf(last);
            slots[s] = (slots[s] & 0xFFFF_FFFF_0000_0000L) | (e + 1);
            meta[e] = meta[last];
            version[e] = version[last];
            completedSecond[e] = completedSecond[last];
            completedNano[e] = completedNano[last];
            runId[e] = runId[last];
            statusBits[e] = statusBits[last];
            changedMillis[e] = changedMillis[last];
            for (long[] column : stageMillis) {
                column[e] = column[last];
            }
        }
        runId[last] = null;
        if (namesWasted > 4096 && namesWasted > namesUsed / 2) {
            compactNames();
        }
        return true;
    }

    /** Bytes held by the arrays of this table (the view's memory, for the metrics). */
    long footprintBytes() {
        long perEntry = 8L + 8 + 8 + 4 + 4 + 8 + 8 + 8L * stageMillis.length;
        return 8L * slots.length + perEntry * version.length + names.length;
    }

    private static long meta(int nameStart, int nameLength, int levelCode) {
        return (nameStart & 0xFFFF_FFFFL) | ((long) nameLength << 32) | ((long) levelCode << 40);
    }

    int nameStart(int e) {
        return (int) meta[e];
    }

    int nameLength(int e) {
        return (int) (meta[e] >>> 32) & 0xFF;
    }

    private boolean sameName(int e, char[] text, int from, int len) {
        return sameName(meta[e], text, from, len);
    }

    private boolean sameName(long m, char[] text, int from, int len) {
        if (len > 255 || ((int) (m >>> 32) & 0xFF) != len) {
            return false;
        }
        int start = (int) m;
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

    int hashOfEntry(int e) {
        int h = 0;
        int start = nameStart(e);
        for (int k = 0, len = nameLength(e); k < len; k++) {
            h = 31 * h + (names[start + k] & 0xFF);
        }
        return h;
    }

    int home(int hash) {
        return (hash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(slots.length));
    }

    private void insertSlot(int e, int hash) {
        int mask = slots.length - 1;
        int s = home(hash);
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = ((long) hash << 32) | (e + 1);
    }

    private int slotOf(int e) {
        int mask = slots.length - 1;
        int s = home(hashOfEntry(e));
        while ((int) slots[s] != e + 1) {
            s = (s + 1) & mask;
        }
        return s;
    }

    private void deleteSlot(int s) {
        int mask = slots.length - 1;
        int hole = s;
        for (int j = (s + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int h = home((int) (slots[j] >>> 32));
            if (((j - h) & mask) >= ((j - hole) & mask)) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = 0;
    }

    private void rehash(int capacity) {
        long[] old = slots;
        slots = new long[capacity];
        for (long slot : old) {
            if (slot != 0) {
                insertSlot((int) slot - 1, (int) (slot >>> 32));
            }
        }
    }

    private void growEntries() {
        int capacity = version.length + (version.length >> 1) + 8;
        meta = Arrays.copyOf(meta, capacity);
        version = Arrays.copyOf(version, capacity);
        completedSecond = Arrays.copyOf(completedSecond, capacity);
        completedNano = Arrays.copyOf(completedNano, capacity);
        runId = Arrays.copyOf(runId, capacity);
        statusBits = Arrays.copyOf(statusBits, capacity);
        changedMillis = Arrays.copyOf(changedMillis, capacity);
        for (int id = 0; id < stageMillis.length; id++) {
            int old = stageMillis[id].length;
            stageMillis[id] = Arrays.copyOf(stageMillis[id], capacity);
            Arrays.fill(stageMillis[id], old, capacity, StageMarks.NO_TIME);
        }
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
            int len = nameLength(e);
            System.arraycopy(names, nameStart(e), packed, used, len);
            meta[e] = meta(used, len, levelCode(e));
            used += len;
        }
        names = packed;
        namesUsed = used;
        namesWasted = 0;
    }
}
