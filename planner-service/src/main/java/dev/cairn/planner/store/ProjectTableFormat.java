package dev.cairn.planner.store;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/** A {@link ProjectTable} in {@link ViewImage}'s binary form. */
final class ProjectTableFormat {

    private ProjectTableFormat() {}

    /** A copy of {@code t}, arrays trimmed to the entries in use (a view image; the run-id strings are shared). */
    static ProjectTable copy(ProjectTable t) {
        ProjectTable c = new ProjectTable();
        c.slots = t.slots.clone();
        c.size = t.size;
        c.meta = Arrays.copyOf(t.meta, t.size);
        c.version = Arrays.copyOf(t.version, t.size);
        c.completedSecond = Arrays.copyOf(t.completedSecond, t.size);
        c.completedNano = Arrays.copyOf(t.completedNano, t.size);
        c.runId = Arrays.copyOf(t.runId, t.size);
        c.statusBits = Arrays.copyOf(t.statusBits, t.size);
        c.changedMillis = Arrays.copyOf(t.changedMillis, t.size);
        c.stageMillis = new long[t.stageMillis.length][];
        for (int id = 0; id < t.stageMillis.length; id++) {
            c.stageMillis[id] = Arrays.copyOf(t.stageMillis[id], t.size);
        }
        System.arraycopy(t.levelCounts, 0, c.levelCounts, 0, t.levelCounts.length);
        c.names = Arrays.copyOf(t.names, t.namesUsed);
        c.namesUsed = t.namesUsed;
        c.namesWasted = t.namesWasted;
        return c;
    }

    /**
     * Writes the table column by column ({@link ViewImage}'s format): the slot table and the name arena as they are,
     * so reading it back rebuilds nothing and reads each column with one bulk copy. Run ids go through {@code runIds},
     * the image's shared dictionary.
     */
    static void writeTo(ProjectTable t, DataOutput out, ToIntFunction<String> runIds) throws IOException {
        int n = t.size;
        out.writeInt(n);
        out.writeInt(t.slots.length);
        writeLongs(out, t.slots, t.slots.length);
        out.writeInt(t.namesUsed);
        out.writeInt(t.namesWasted);
        out.write(t.names, 0, t.namesUsed);
        writeLongs(out, t.meta, n);
        writeLongs(out, t.version, n);
        writeLongs(out, t.completedSecond, n);
        for (int e = 0; e < n; e++) {
            out.writeInt(t.completedNano[e]);
        }
        for (int e = 0; e < n; e++) {
            out.writeInt(runIds.applyAsInt(t.runId[e]));
        }
        writeLongs(out, t.statusBits, n);
        writeLongs(out, t.changedMillis, n);
        out.writeInt(t.stageMillis.length);
        for (long[] column : t.stageMillis) {
            writeLongs(out, column, n);
        }
    }

    private static void writeLongs(DataOutput out, long[] values, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeLong(values[i]);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. Every count is checked against {@code in}'s bytes left, and the slot table is
     * checked to lead to every entry exactly once (each slot's hash is its entry's, and no empty slot lies between a
     * hash's home and its entry), so a damaged image is refused instead of answering wrongly; {@code stageIds} bounds
     * the level codes.
     */
    static ProjectTable readFrom(ViewImage.Input in, IntFunction<String> runIds, int stageIds) throws IOException {
        ProjectTable t = new ProjectTable();
        int size = in.count(8 * 5 + 4 * 2);
        int slotCount = in.count(8);
        if (Integer.bitCount(slotCount) != 1 || slotCount < 16 || size > slotCount * ProjectTable.LOAD) {
            throw new IOException("table of " + size + " entries with " + slotCount + " slots");
        }
        t.slots = in.readLongs(slotCount);
        t.namesUsed = in.count(1);
        t.namesWasted = in.readInt();
        t.names = new byte[Math.max(256, t.namesUsed)];
        in.readFully(t.names, 0, t.namesUsed);
        t.size = size;
        t.meta = in.readLongs(size);
        t.version = in.readLongs(size);
        t.completedSecond = in.readLongs(size);
        t.completedNano = in.readInts(size);
        int[] runs = in.readInts(size);
        t.runId = new String[size];
        for (int e = 0; e < size; e++) {
            t.runId[e] = runIds.apply(runs[e]);
        }
        t.statusBits = in.readLongs(size);
        t.changedMillis = in.readLongs(size);
        int columns = in.readInt();
        if (columns < 0 || columns > stageIds) {
            throw new IOException(columns + " completion-time columns for " + stageIds + " stages");
        }
        t.stageMillis = new long[columns][];
        for (int id = 0; id < columns; id++) {
            t.stageMillis[id] = in.readLongs(size);
        }
        for (int e = 0; e < size; e++) {
            int start = t.nameStart(e);
            int length = t.nameLength(e);
            int level = t.levelCode(e);
            if (length == 0 || start < 0 || start + length > t.namesUsed || level > stageIds) {
                throw new IOException("entry " + e + " out of bounds");
            }
            t.levelCounts[level]++;
        }
        checkSlots(t);
        return t;
    }

    private static void checkSlots(ProjectTable t) throws IOException {
        java.util.BitSet seen = new java.util.BitSet(t.size);
        int mask = t.slots.length - 1;
        for (int s = 0; s < t.slots.length; s++) {
            long slot = t.slots[s];
            if (slot == 0) {
                continue;
            }
            int e = (int) slot - 1;
            int hash = (int) (slot >>> 32);
            if (e < 0 || e >= t.size || seen.get(e) || hash != t.hashOfEntry(e)) {
                throw new IOException("slot " + s + " names entry " + e + " of " + t.size);
            }
            seen.set(e);
            for (int j = t.home(hash); j != s; j = (j + 1) & mask) {
                if (t.slots[j] == 0) {
                    throw new IOException("entry " + e + " cannot be found from its hash's home slot");
                }
            }
        }
        if (seen.cardinality() != t.size) {
            throw new IOException(seen.cardinality() + " slots in use for " + t.size + " entries");
        }
    }
}
