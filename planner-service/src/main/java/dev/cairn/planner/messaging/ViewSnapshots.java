package dev.cairn.planner.messaging;

import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.ViewImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * A snapshot of the view on local disk, so that a restarted planner reads only the tail of {@code cairn.completions}
 * instead of the whole topic: the view's {@link ViewImage} with the topic's id and the positions it covers, written
 * every interval (and at shutdown) to a temporary file that is then renamed over the previous one.
 *
 * <p>The positions are taken before the image, so the image holds at least what they cover; reading on from them
 * applies some records a second time, which the view ignores (an older or equal version) or repeats harmlessly (a
 * tombstone). At start, a snapshot is used only when it fits the topic as it is now: the same topic id (a topic
 * deleted and created again has another), the same partitions, every position between the partition's first and end
 * offsets, written no longer than {@code maxAge} ago (it must stay below the topic's {@code delete.retention.ms}, after
 * which the cleaner may drop a tombstone the snapshot has not seen), and intact (CRC-32C). Otherwise the view is read
 * from the beginning, as without a snapshot.
 */
public final class ViewSnapshots implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ViewSnapshots.class);

    static final String FILE = "completions-view.snapshot";
    private static final long MAGIC = 0x4341_4952_4E56_5731L; // "CAIRNVW1"
    private static final int FORMAT = 1;
    private static final Duration STALE_TEMP = Duration.ofMinutes(10);

    /** The id of a topic by its name, from the cluster. */
    @FunctionalInterface
    public interface TopicIds {
        String of(String topic, Duration timeout) throws Exception;
    }

    /** What {@link #restore} did: the positions to read on from, or null (read from the beginning) and why. */
    public record Restored(Map<TopicPartition, Long> positions, String reason) {}

    private final Path dir;
    private final Duration maxAge;
    private final String topic;
    private final CompletionView view;
    private final ViewProgress progress;
    private final TopicIds topicIds;
    private volatile String topicId;
    private ScheduledExecutorService timer;
    private long savedGeneration = -1;
    private boolean restoreTried;
    private Map<TopicPartition, Long> savedPositions = Map.of();

    public ViewSnapshots(
            Path dir, Duration maxAge, String topic, CompletionView view, ViewProgress progress, TopicIds topicIds) {
        this.dir = dir;
        this.maxAge = maxAge;
        this.topic = topic;
        this.view = view;
        this.progress = progress;
        this.topicIds = topicIds;
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    /**
     * Fills the empty view from the snapshot when it fits the topic ({@code beginning} and {@code end}: the first and
     * end offsets of every partition now); otherwise leaves the view empty and says why.
     */
    public Restored restore(Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end, Duration timeout) {
        synchronized (this) {
            if (restoreTried) { // a second open after a failed first one: the view may hold the snapshot already
                return new Restored(null, null);
            }
            restoreTried = true;
        }
        removeStaleTemporaryFiles();
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return new Restored(null, "no snapshot at " + file);
        }
        long t0 = System.nanoTime();
        Snapshot s;
        try {
            s = read(file);
        } catch (IOException | RuntimeException e) {
            return new Restored(null, "snapshot " + file + " is unreadable: " + e.getMessage());
        }
        String why = unusable(s, beginning, end, timeout);
        if (why != null) {
            return new Restored(null, "snapshot " + file + " does not fit the topic: " + why);
        }
        view.restore(s.image());
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            behind += e.getValue() - s.positions().get(e.getKey());
        }
        String description = String.format(
                "snapshot written %s, %d keys, restored in %d ms",
                s.writtenAt(), s.image().keys(), (System.nanoTime() - t0) / 1_000_000);
        progress.restored(description);
        LOG.infof("%s from %s; reading %d records of %s on top of it", description, file, behind, topic);
        synchronized (this) {
            savedPositions = s.positions();
            savedGeneration = view.generation();
        }
        return new Restored(s.positions(), null);
    }

    private String unusable(
            Snapshot s, Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end, Duration timeout) {
        if (!topic.equals(s.topic())) {
            return "it is of topic " + s.topic();
        }
        Duration age = Duration.between(s.writtenAt(), Instant.now());
        if (age.compareTo(maxAge) > 0) {
            return "written " + age.toSeconds() + " s ago, more than the maximum age " + maxAge.toSeconds() + " s";
        }
        if (!s.positions().keySet().equals(end.keySet())) {
            return "partitions " + sorted(s.positions().keySet()) + ", the topic has " + sorted(end.keySet());
        }
        for (Map.Entry<TopicPartition, Long> p : s.positions().entrySet()) {
            long first = beginning.getOrDefault(p.getKey(), 0L);
            long last = end.get(p.getKey());
            if (p.getValue() < first || p.getValue() > last) {
                return "position " + p.getValue() + " of " + p.getKey() + " is outside [" + first + ", " + last + "]";
            }
        }
        String id = topicId(timeout);
        if (id == null) {
            return "the topic's id could not be read";
        }
        if (!id.equals(s.topicId())) {
            return "it is of topic id " + s.topicId() + ", the topic now has " + id;
        }
        return null;
    }

    /** Saves every {@code interval} from now on, on a thread of its own. */
    public synchronized void startSaving(Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-view-snapshot");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::saveQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes a snapshot when the view has caught up at start and changed (or moved on) since the last one; false when
     * there was nothing to write.
     */
    public synchronized boolean save() throws IOException {
        if (!progress.caughtUp()) {
            return false;
        }
        Map<TopicPartition, Long> positions = progress.positions();
        long generation = view.generation();
        if (positions.isEmpty() || (generation == savedGeneration && positions.equals(savedPositions))) {
            return false;
        }
        String id = topicId(Duration.ofSeconds(10));
        if (id == null) {
            throw new IOException("the id of topic " + topic + " could not be read");
        }
        long t0 = System.nanoTime();
        ViewImage image = view.image();
        write(new Snapshot(topic, id, Instant.now(), positions, image));
        savedGeneration = generation;
        savedPositions = positions;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms > 500) {
            LOG.infof("view snapshot of %d keys written to %s in %d ms", image.keys(), file(), ms);
        } else {
            LOG.debugf("view snapshot of %d keys written to %s in %d ms", (Object) image.keys(), file(), ms);
        }
        return true;
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not write the view snapshot to %s: %s (the previous one stays)", file(), e.toString());
        }
    }

    /** Stops the periodic saves and writes a last snapshot. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
            timer = null;
        }
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        saveQuietly();
    }

    private String topicId(Duration timeout) {
        String id = topicId;
        if (id == null) {
            try {
                id = topicIds.of(topic, timeout);
                topicId = id;
            } catch (Exception e) {
                LOG.warnf("could not read the id of topic %s: %s", topic, e.toString());
            }
        }
        return id;
    }

    /** The content of a snapshot file. */
    record Snapshot(
            String topic, String topicId, Instant writtenAt, Map<TopicPartition, Long> positions, ViewImage image) {}

    void write(Snapshot s) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, FILE + ".", ".tmp");
        try {
            try (FileOutputStream file = new FileOutputStream(tmp.toFile())) {
                // the checksum is taken over the buffer's 1 MiB writes, not over every 8-byte write of a column
                CheckedOutputStream checked = new CheckedOutputStream(file, new CRC32C());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, 1 << 20));
                out.writeLong(MAGIC);
                out.writeInt(FORMAT);
                ViewImage.writeString(out, s.topic());
                ViewImage.writeString(out, s.topicId());
                out.writeLong(s.writtenAt().toEpochMilli());
                out.writeInt(s.positions().size());
                for (Map.Entry<TopicPartition, Long> p : s.positions().entrySet()) {
                    out.writeInt(p.getKey().partition());
                    out.writeLong(p.getValue());
                }
                s.image().writeTo(out);
                out.flush();
                file.write(ByteBuffer.allocate(8)
                        .putLong(checked.getChecksum().getValue())
                        .array());
                file.getChannel().force(true);
            }
            try {
                Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Snapshot read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 16 || size > Integer.MAX_VALUE - 64) {
            throw new IOException("a size of " + size + " bytes");
        }
        byte[] bytes = Files.readAllBytes(file);
        int body = bytes.length - 8;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, body);
        if (crc.getValue() != ByteBuffer.wrap(bytes, body, 8).getLong()) {
            throw new IOException("its checksum does not match (a damaged or partly written file)");
        }
        ViewImage.Input in = new ViewImage.Input(bytes, 0, body);
        if (in.readLong() != MAGIC) {
            throw new IOException("not a view snapshot");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("format " + format + ", this planner reads format " + FORMAT);
        }
        String topic = in.readString();
        String topicId = in.readString();
        Instant writtenAt = Instant.ofEpochMilli(in.readLong());
        int partitions = in.readInt();
        if (partitions < 0 || partitions > in.available() / 12) {
            throw new IOException(partitions + " partitions");
        }
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (int i = 0; i < partitions; i++) {
            positions.put(new TopicPartition(topic, in.readInt()), in.readLong());
        }
        return new Snapshot(topic, topicId, writtenAt, positions, ViewImage.readFrom(in));
    }

    /** Removes temporary files that a process killed while writing left behind (older than ten minutes). */
    private void removeStaleTemporaryFiles() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant before = Instant.now().minus(STALE_TEMP);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, FILE + ".*.tmp")) {
            for (Path tmp : temps) {
                if (Files.getLastModifiedTime(tmp).toInstant().isBefore(before)) {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            LOG.debugf("could not list %s: %s", dir, e);
        }
    }

    private static String sorted(Collection<TopicPartition> partitions) {
        return new java.util.TreeSet<>(new HashSet<>(
                        partitions.stream().map(TopicPartition::partition).toList()))
                .toString();
    }
}
