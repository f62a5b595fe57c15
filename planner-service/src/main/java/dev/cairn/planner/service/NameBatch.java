package dev.cairn.planner.service;

import java.util.Arrays;

/** Names packed into one {@code char[]} (no String per name): name i is {@code chars()[start(i), end(i))}. */
public final class NameBatch {

    private char[] chars = new char[1 << 12];
    private int[] starts = new int[256];
    private int[] ends = new int[256];
    private int size;
    private int used;

    public void add(char[] text, int offset, int length) {
        reserve(length);
        System.arraycopy(text, offset, chars, used, length);
        record(length);
    }

    /** A name of single-byte characters (ASCII, or ISO-8859-1) from {@code bytes[offset, offset + length)}. */
    public void add(byte[] bytes, int offset, int length) {
        reserve(length);
        for (int i = 0; i < length; i++) {
            chars[used + i] = (char) (bytes[offset + i] & 0xFF);
        }
        record(length);
    }

    /** Room for {@code length} more chars. */
    private void reserve(int length) {
        if (used + length > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
        }
    }

    /** The {@code length} chars just copied after {@code used} become the next name. */
    private void record(int length) {
        used += length;
        if (size == ends.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = used - length;
        ends[size++] = used;
    }

    public void add(String name) {
        add(name.toCharArray(), 0, name.length());
    }

    public int size() {
        return size;
    }

    public char[] chars() {
        return chars;
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    /** Start offsets (name i is {@code chars()[starts()[i], ends()[i])}). */
    public int[] starts() {
        return starts;
    }

    /** End offsets. */
    public int[] ends() {
        return ends;
    }

    public String name(int i) {
        return new String(chars, start(i), end(i) - start(i));
    }
}
