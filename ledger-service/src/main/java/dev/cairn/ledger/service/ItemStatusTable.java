package dev.cairn.ledger.service;

import dev.cairn.ledger.domain.ItemStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The status of every item of one run, compact: the names themselves (UTF-8, as PostgreSQL stores them), so that a
 * lookup is exact, never a guess by hash. Each item is one record {@code [status][length: 2 bytes][name]} in chunks
 * (4 KiB, doubling up to 1 MiB); an open-addressing table (linear probing, at most 70% full) holds each record's address and its name's
 * 32-bit hash, so that a probe compares names only when the hashes agree. About 3 bytes plus the name per item in the
 * chunks and 8 bytes per slot: 47-57 bytes an item for names of 30 bytes. Not thread-safe: {@link RunItemIndex}
 * guards it.
 */
final class ItemStatusTable {

    static final byte UNKNOWN = 0;
    static final byte SUCCESS = ItemStatus.code("success");
    static final byte ERROR = ItemStatus.code("error");
    /** At least this many bytes per item, whatever its name: 3 in a chunk, 8 per slot at 70% full. */
    static final int MIN_BYTES_PER_ITEM = 15;

    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int FIRST_CHUNK = 4096;
    private static final int MAX_NAME = 0xFFFF;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long seed = ThreadLocalRandom.current().nextLong();
    private byte[][] chunks = new byte[1][];
    private int chunkCount;
    private long chunkBytes;
    private int used; // in the last chunk
    private int[] addresses; // 0 = empty slot, else the record's address + 1
    private int[] hashes;
    private int size;

    ItemStatusTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) (expected / 0.7) + 1) - 1) << 1;
        addresses = new int[capacity];
        hashes = new int[capacity];
    }

    int size() {
        return size;
    }

    /** Bytes held: the chunks opened and the two arrays of slots. */
    long bytes() {
        return chunkBytes + 8L * addresses.length;
    }

    /** The status of {@code name}, or {@link #UNKNOWN}. */
    byte get(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        int slot = find(b, 0, b.length, hash(b, 0, b.length));
        return addresses[slot] == 0 ? UNKNOWN : chunk(addresses[slot] - 1)[offset(addresses[slot] - 1)];
    }

    void put(String name, byte status) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        put(b, 0, b.length, status);
    }

    /** Sets the status of the name in {@code b[from, from + length)}, adding the item if it is new. */
    void put(byte[] b, int from, int length, byte status) {
        if (length > MAX_NAME) {
            throw new IllegalArgumentException("item name of " + length + " bytes");
        }
        int h = hash(b, from, length);
        int slot = find(b, from, length, h);
        if (addresses[slot] != 0) {
            chunk(addresses[slot] - 1)[offset(addresses[slot] - 1)] = status;
            return;
        }
        addresses[slot] = append(b, from, length, status) + 1;
        hashes[slot] = h;
        if (++size > addresses.length * 0.7) {
            grow();
        }
    }

    private int find(byte[] b, int from, int length, int h) {
        int mask = addresses.length - 1;
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            int a = addresses[slot];
            if (a == 0 || (hashes[slot] == h && same(a - 1, b, from, length))) {
                return slot;
            }
        }
    }

    private boolean same(int address, byte[] b, int from, int length) {
        byte[] c = chunk(address);
        int at = offset(address);
        int stored = ((c[at + 1] & 0xFF) << 8) | (c[at + 2] & 0xFF);
        return stored == length && Arrays.equals(c, at + 3, at + 3 + length, b, from, from + length);
    }

    private int append(byte[] b, int from, int length, byte status) {
        if (chunkCount == 0 || used + 3 + length > chunks[chunkCount - 1].length) {
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
            }
            if (chunkCount == 1 << (31 - CHUNK_BITS)) {
                throw new IllegalStateException("item status table full");
            }
            // chunks double from 4 KiB to 1 MiB: a small run holds little, a large one wastes at most 1 MiB
            int next = chunkCount == 0 ? FIRST_CHUNK : Math.min(CHUNK, chunks[chunkCount - 1].length * 2);
            chunks[chunkCount++] = new byte[Math.max(next, 3 + length)];
            chunkBytes += chunks[chunkCount - 1].length;
            used = 0;
        }
        byte[] c = chunks[chunkCount - 1];
        c[used] = status;
        c[used + 1] = (byte) (length >>> 8);
        c[used + 2] = (byte) length;
        System.arraycopy(b, from, c, used + 3, length);
        int address = ((chunkCount - 1) << CHUNK_BITS) | used;
        used += 3 + length;
        return address;
    }

    private void grow() {
        int[] oldAddresses = addresses;
        int[] oldHashes = hashes;
        addresses = new int[oldAddresses.length * 2];
        hashes = new int[addresses.length];
        int mask = addresses.length - 1;
        for (int i = 0; i < oldAddresses.length; i++) {
            if (oldAddresses[i] != 0) {
                int slot = oldHashes[i] & mask;
                while (addresses[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                addresses[slot] = oldAddresses[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }

    private byte[] chunk(int address) {
        return chunks[address >>> CHUNK_BITS];
    }

    private static int offset(int address) {
        return address & (CHUNK - 1);
    }

    /** A 64-bit multiply-rotate hash over 8-byte words, seeded per table (crafted names cannot aim at one slot). */
    private int hash(byte[] b, int from, int length) {
        long h = seed ^ (length * 0x9E3779B97F4A7C15L);
        int i = from;
        for (int end = from + length - 7; i < end; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(b, i) * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        }
        long tail = 0;
        for (int shift = 0; i < from + length; i++, shift += 8) {
            tail |= (b[i] & 0xFFL) << shift;
        }
        h = Long.rotateLeft(h ^ (tail * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h ^ (int) (h >>> 32);
    }
}
