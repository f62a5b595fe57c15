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
     * so reading it back rebuilds nothing. Run ids go through {@code runIds}, the image's shared dictionary.
     */
    static void writeTo(ProjectTable t, DataOutput out, ToIntFunction<String> runIds) throws IOException {
        out.writeInt(t.size);
        out.writeInt(t.slots.length);
        for (long slot : t.slots) {
            out.writeLong(slot);
        }
        out.writeInt(t.namesUsed);
        out.writeInt(t.namesWasted);
        out.write(t.names, 0, t.namesUsed);
        for (int e = 0; e < t.size; e++) {
            out.writeLong(t.meta[e]);
            out.writeLong(t.version[e]);
            out.writeLong(t.completedSecond[e]);
            out.writeInt(t.completedNano[e]);
            out.writeInt(runIds.applyAsInt(t.runId[e]));
            out.writeLong(t.statusBits[e]);
            out.writeLong(t.changedMillis[e]);
        }
        out.writeInt(t.stageMillis.length);
        for (long[] column : t.stageMillis) {
            for (int e = 0; e < t.size; e++) {
                out.writeLong(column[e]);
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. Every count is checked against {@code in}'s bytes left and every entry is
     * found again by its name through the slot table, so a damaged image is refused instead of answering wrongly;
     * {@code stageIds} bounds the level codes.
     */
    static ProjectTable readFrom(ViewImage.Input in, IntFunction<String> runIds, int stageIds) throws IOException {
        ProjectTable t = new ProjectTable();
        int size = in.count(8 * 5 + 4 * 2);
        int slotCount = in.count(8);
        if (Integer.bitCount(slotCount) != 1 || slotCount < 16 || size > slotCount * ProjectTable.LOAD) {
            throw new IOException("table of " + size + " entries with " + slotCount + " slots");
        }
        t.slots = new long[slotCount];
        for (int s = 0; s < slotCount; s++) {
            t.slots[s] = in.readLong();
        }
        t.namesUsed = in.count(1);
        t.namesWasted = in.readInt();
        t.names = new byte[Math.max(256, t.namesUsed)];
        in.readFully(t.names, 0, t.namesUsed);
        t.size = size;
        t.meta = new long[size];
        t.version = new long[size];
        t.completedSecond = new long[size];
        t.completedNano = new int[size];
        t.runId = new String[size];
        t.statusBits = new long[size];
        t.changedMillis = new long[size];
        for (int e = 0; e < size; e++) {
            t.meta[e] = in.readLong();
            t.version[e] = in.readLong();
            t.completedSecond[e] = in.readLong();
            t.completedNano[e] = in.readInt();
            t.runId[e] = runIds.apply(in.readInt());
            t.statusBits[e] = in.readLong();
            t.changedMillis[e] = in.readLong();
            int start = t.nameStart(e);
            int length = t.nameLength(e);
            int level = t.levelCode(e);
            if (length == 0 || start < 0 || start + length > t.namesUsed || level > stageIds) {
                throw new IOException("entry " + e + " out of bounds");
            }
            t.levelCounts[level]++;
        }
        int columns = in.readInt();
        if (columns < 0 || columns > stageIds) {
            throw new IOException(columns + " completion-time columns for " + stageIds + " stages");
        }
        t.stageMillis = new long[columns][];
        for (int id = 0; id < columns; id++) {
            in.require(8L * size);
            t.stageMillis[id] = new long[size];
            for (int e = 0; e < size; e++) {
                t.stageMillis[id][e] = in.readLong();
            }
        }
        int occupied = 0;
        for (long slot : t.slots) {
            if (slot != 0) {
                int e = (int) slot - 1;
                if (e < 0 || e >= size || (int) (slot >>> 32) != t.hashOfEntry(e)) {
                    throw new IOException("a slot names entry " + e + " of " + size);
                }
                occupied++;
            }
        }
        if (occupied != size) {
            throw new IOException(occupied + " slots in use for " + size + " entries");
        }
        for (int e = 0; e < size; e++) {
            if (t.find(t.name(e)) != e) {
                throw new IOException("entry " + e + " is not where its name leads");
            }
        }
        return t;
    }
}
