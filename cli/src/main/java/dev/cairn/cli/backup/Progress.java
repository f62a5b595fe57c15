package dev.cairn.cli.backup;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;

/**
 * Upload progress on stderr: a bar redrawn in place on a terminal, plain lines (every 5 s or 10 %) otherwise, so
 * a CI or Argo log stays readable.
 */
public final class Progress implements AutoCloseable {

    /** How progress is shown. */
    public enum Mode {
        auto,
        bar,
        lines,
        none
    }

    private final PrintStream err;
    private final Mode mode;
    private final long totalFiles;
    private final long totalBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private final long start = System.nanoTime();
    private final Thread painter;
    private volatile boolean done;
    private long lastLineAt;
    private int lastDecile;

    public Progress(PrintStream err, Mode mode, boolean terminal, long totalFiles, long totalBytes) {
        this.err = err;
        this.mode = mode == Mode.auto ? (terminal ? Mode.bar : Mode.lines) : mode;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        this.painter = new Thread(this::paintLoop, "cairn-progress");
        this.painter.setDaemon(true);
        if (this.mode != Mode.none && totalFiles > 0) {
            painter.start();
        }
    }

    /** Counts {@code n} more bytes sent (a part of a multipart upload). */
    public void sent(long n) {
        bytes.addAndGet(n);
    }

    /** A listener for one file's transfer, adding what it sends to the totals. */
    public TransferListener listener() {
        return new TransferListener() {
            private long seen;

            @Override
            public void bytesTransferred(Context.BytesTransferred context) {
                long now = context.progressSnapshot().transferredBytes();
                synchronized (this) {
                    bytes.addAndGet(now - seen);
                    seen = now;
                }
            }
        };
    }

    /**
     * A file is done. {@code countBytes}: add its bytes here (a file skipped as already present, or sent without a
     * transfer listener); otherwise its listener counted them.
     */
    public void fileDone(long size, boolean countBytes) {
        if (countBytes) {
            bytes.addAndGet(size);
        }
        files.incrementAndGet();
    }

    private void paintLoop() {
        while (!done) {
            paint(false);
            try {
                Thread.sleep(mode == Mode.bar ? 200 : 500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void paint(boolean last) {
        long b = Math.min(bytes.get(), totalBytes);
        double fraction = totalBytes == 0 ? (double) files.get() / Math.max(1, totalFiles) : (double) b / totalBytes;
        double seconds = (System.nanoTime() - start) / 1e9;
        String figures = String.format(
                Locale.ROOT,
                "%3.0f%%  %s / %s  %,d/%,d files  %s/s",
                fraction * 100,
                size(b),
                size(totalBytes),
                files.get(),
                totalFiles,
                size((long) (b / Math.max(seconds, 0.001))));
        if (mode == Mode.bar) {
            int width = 30;
            int filled = (int) Math.round(fraction * width);
            err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + figures + "   ");
            if (last) {
                err.println();
            }
            err.flush();
        } else if (mode == Mode.lines) {
            int decile = (int) (fraction * 10);
            long now = System.nanoTime();
            if (last || decile > lastDecile || now - lastLineAt > 5_000_000_000L) {
                err.println("progress: " + figures);
                lastDecile = decile;
                lastLineAt = now;
            }
        }
    }

    @Override
    public void close() {
        done = true;
        painter.interrupt();
        if (mode != Mode.none && totalFiles > 0) {
            try {
                painter.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            paint(true);
        }
    }

    /** 1.2 GiB, 340.0 KiB, 12 B. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
