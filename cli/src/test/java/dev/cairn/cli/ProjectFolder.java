package dev.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A pipeline's project folder for the backup tests, under {@code target/} (never committed): every artifact type of
 * the backup document, files its extension table must filter out, nested report assets, a file geodatabase folder,
 * and optionally a 200 MiB log.
 */
final class ProjectFolder {

    /** Relative path → whether the document's extension table backs it up (the test's own reading of the table). */
    static final Map<String, Boolean> FILES = new LinkedHashMap<>();

    static {
        FILES.put("config/config.yaml", true);
        FILES.put("config/settings.JSON", true);
        FILES.put("config/old/config.yml", true);
        FILES.put("config/notes.md", false);
        FILES.put("logs/process_log.txt", true);
        FILES.put("logs/exiftool_log.txt", true);
        FILES.put("logs/enhance_log.csv", true);
        FILES.put("logs/mosaic_processor_output.log", true);
        FILES.put("logs/exiftool.args", true);
        FILES.put("logs/core.dmp", false);
        FILES.put("report/report.html", true);
        FILES.put("report/report_data_RMI25320.json", true);
        FILES.put("report/summary.PDF", true);
        FILES.put("report/assets/chart.png", true);
        FILES.put("report/assets/photos/photo_0001.JPEG", true);
        FILES.put("report/assets/style.css", false);
        FILES.put("gis_data/centerline.shp", true);
        FILES.put("gis_data/centerline.shx", true);
        FILES.put("gis_data/centerline.dbf", true);
        FILES.put("gis_data/centerline.prj", true);
        FILES.put("gis_data/centerline.cpg", true);
        FILES.put("gis_data/roads.GeoJSON", true);
        FILES.put("gis_data/area.kmz", true);
        FILES.put("gis_data/readme.txt", false);
        FILES.put("gis_data/reference.gdb/a00000001.gdbtable", true);
        FILES.put("gis_data/reference.gdb/timestamps", true);
    }

    static final String BIG = "logs/big_capture.log";
    static final long BIG_SIZE = 200L * 1024 * 1024;

    private ProjectFolder() {}

    /** Creates {@code root} with {@link #FILES} (small random contents) and, with {@code big}, the 200 MiB log. */
    static Path create(Path root, boolean big, long seed) {
        Random random = new Random(seed);
        try {
            for (String rel : FILES.keySet()) {
                byte[] content = new byte[1 + random.nextInt(64 * 1024)];
                random.nextBytes(content);
                write(root.resolve(rel), content);
            }
            if (big) {
                Files.createLink(root.resolve(BIG), bigFile());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** {@code target/backup-it/big-200MiB.log}, made once (pseudo-random, incompressible). */
    static synchronized Path bigFile() throws IOException {
        Path big = Path.of("target", "backup-it", "big-200MiB.log").toAbsolutePath();
        if (Files.isRegularFile(big) && Files.size(big) == BIG_SIZE) {
            return big;
        }
        Files.createDirectories(big.getParent());
        Random random = new Random(42);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (long written = 0; written < BIG_SIZE; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        return big;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
