package dev.cairn.planner.store;

import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of the {@link CompletionView} taken at one moment ({@link CompletionView#image()}, under its read lock), and
 * its binary form: what a view snapshot holds. The tables are written column by column as the view keeps them, so
 * reading an image back costs a copy of its bytes, not a re-decoding of every record.
 */
public final class ViewImage {

    /** One pipeline of the image: its stages and its tables by config_id. */
    record PipelineImage(PipelineStages stages, Map<String, ProjectTable> configs) {}

    final Map<String, PipelineImage> pipelines;
    final Instant asOf;
    final int keys;

    ViewImage(Map<String, PipelineImage> pipelines, Instant asOf, int keys) {
        this.pipelines = pipelines;
        this.asOf = asOf;
        this.keys = keys;
    }

    /** Number of keys in the image. */
    public int keys() {
        return keys;
    }

    /** The newest {@code recorded_at} of the image, or null when it is empty. */
    public Instant asOf() {
        return asOf;
    }

    /** Writes the image: {@code as_of}, the key count, a dictionary of run ids, then each pipeline and its tables. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(asOf != null);
        out.writeLong(asOf == null ? 0 : asOf.getEpochSecond());
        out.writeInt(asOf == null ? 0 : asOf.getNano());
        out.writeInt(keys);
        Map<String, Integer> runIds = new LinkedHashMap<>();
        for (PipelineImage p : pipelines.values()) {
            for (ProjectTable t : p.configs().values()) {
                for (int e = 0, n = t.size(); e < n; e++) {
                    String run = t.runId(e);
                    if (run != null) {
                        runIds.putIfAbsent(run, runIds.size());
                    }
                }
            }
        }
        out.writeInt(runIds.size());
        for (String run : runIds.keySet()) {
            writeString(out, run);
        }
        out.writeInt(pipelines.size());
        for (Map.Entry<String, PipelineImage> p : pipelines.entrySet()) {
            writeString(out, p.getKey());
            p.getValue().stages().writeTo(out);
            out.writeInt(p.getValue().configs().size());
            for (Map.Entry<String, ProjectTable> c : p.getValue().configs().entrySet()) {
                writeString(out, c.getKey());
                ProjectTableFormat.writeTo(c.getValue(), out, run -> run == null ? -1 : runIds.get(run));
            }
        }
    }

    /** Reads what {@link #writeTo} wrote; a damaged or inconsistent image is an {@link IOException}. */
    public static ViewImage readFrom(Input in) throws IOException {
        Instant asOf = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : skipAsOf(in);
        int keys = in.readInt();
        int runCount = in.count(2);
        List<String> runs = new ArrayList<>(runCount);
        for (int i = 0; i < runCount; i++) {
            runs.add(in.readString());
        }
        java.util.function.IntFunction<String> runId = i -> i < 0 || i >= runs.size() ? null : runs.get(i);
        int pipelineCount = in.count(2);
        Map<String, PipelineImage> pipelines = new HashMap<>();
        int total = 0;
        for (int i = 0; i < pipelineCount; i++) {
            String name = in.readString();
            PipelineStages stages = PipelineStages.readFrom(in);
            int configCount = in.count(2);
            Map<String, ProjectTable> configs = new HashMap<>();
            for (int c = 0; c < configCount; c++) {
                String configId = in.readString();
                ProjectTable table = ProjectTableFormat.readFrom(in, runId, stages.ids());
                total += table.size();
                configs.put(configId, table);
            }
            if (pipelines.put(name, new PipelineImage(stages, configs)) != null) {
                throw new IOException("pipeline " + name + " twice");
            }
        }
        if (total != keys || in.available() != 0) {
            throw new IOException(
                    "the image says " + keys + " keys and holds " + total + ", with " + in.available() + " bytes over");
        }
        return new ViewImage(pipelines, asOf, keys);
    }

    private static Instant skipAsOf(Input in) throws IOException {
        in.readLong();
        in.readInt();
        return null;
    }

    /** Writes {@code value} as its UTF-8 length and bytes ({@link Input#readString}). */
    public static void writeString(DataOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * The image's bytes, read with every count checked against the bytes left (a damaged count cannot exhaust memory)
     * and the tables' columns copied in bulk. Big-endian, as {@link DataOutput} writes.
     */
    public static final class Input {

        private final ByteBuffer buf;

        public Input(byte[] bytes, int offset, int length) {
            this.buf = ByteBuffer.wrap(bytes, offset, length).slice();
        }

        /** Bytes left. */
        public int available() {
            return buf.remaining();
        }

        /** Reads a count of elements of {@code bytesEach} bytes that must fit in what is left. */
        int count(int bytesEach) throws IOException {
            int n = readInt();
            if (n < 0 || (long) n * bytesEach > available()) {
                throw new IOException("a count of " + n + " does not fit in the " + available() + " bytes left");
            }
            return n;
        }

        /** Fails unless {@code bytes} are left. */
        void require(long bytes) throws IOException {
            if (bytes > available()) {
                throw new EOFException(bytes + " bytes needed, " + available() + " left");
            }
        }

        long[] readLongs(int n) throws IOException {
            require(8L * n);
            long[] values = new long[n];
            buf.asLongBuffer().get(values);
            buf.position(buf.position() + 8 * n);
            return values;
        }

        int[] readInts(int n) throws IOException {
            require(4L * n);
            int[] values = new int[n];
            buf.asIntBuffer().get(values);
            buf.position(buf.position() + 4 * n);
            return values;
        }

        public void readFully(byte[] b, int off, int len) throws IOException {
            require(len);
            buf.get(b, off, len);
        }

        public boolean readBoolean() throws IOException {
            require(1);
            return buf.get() != 0;
        }

        public int readInt() throws IOException {
            require(4);
            return buf.getInt();
        }

        public long readLong() throws IOException {
            require(8);
            return buf.getLong();
        }

        /** A string as {@link #writeString} wrote it. */
        public String readString() throws IOException {
            int length = count(1);
            String value = new String(buf.array(), buf.arrayOffset() + buf.position(), length, StandardCharsets.UTF_8);
            buf.position(buf.position() + length);
            return value;
        }
    }
}
