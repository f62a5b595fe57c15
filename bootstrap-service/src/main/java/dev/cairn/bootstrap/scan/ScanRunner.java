package dev.cairn.bootstrap.scan;

import dev.cairn.bootstrap.ledger.VerdictWaiter;
import dev.cairn.bootstrap.messaging.StageEventPublisher;
import dev.cairn.bootstrap.metrics.BootstrapMetrics;
import dev.cairn.bootstrap.s3.FlatSourceLister;
import dev.cairn.bootstrap.s3.FolderSourceLister;
import dev.cairn.bootstrap.s3.SourceLister;
import dev.cairn.bootstrap.s3.TransientRetry;
import dev.cairn.bootstrap.store.ScanRecord;
import dev.cairn.bootstrap.store.ScanStopped;
import dev.cairn.bootstrap.store.ScanStore;
import dev.cairn.bootstrap.store.SourceRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Runs one scan from wherever its checkpoints are: lists the sources not yet done, freezes the counts, then (real
 * runs) emits. The scan fails with the error when S3 refuses for good or Kafka does not acknowledge; it stays active
 * (and resumes at the next poll) when this instance stops or the database is unreachable.
 */
@ApplicationScoped
public class ScanRunner {

    private static final Logger LOG = Logger.getLogger(ScanRunner.class);

    private final ScanStore scans;
    private final FolderSourceLister folders;
    private final FlatSourceLister flat;
    private final ScanEmitter emitter;
    private final ScanViews views;
    private final BootstrapMetrics metrics;
    private final ScanVerifier verifier;

    ScanRunner(
            ScanStore scans,
            FolderSourceLister folders,
            FlatSourceLister flat,
            ScanEmitter emitter,
            ScanViews views,
            BootstrapMetrics metrics,
            ScanVerifier verifier) {
        this.scans = scans;
        this.verifier = verifier;
        this.folders = folders;
        this.flat = flat;
        this.emitter = emitter;
        this.views = views;
        this.metrics = metrics;
    }

    public void run(UUID id, BooleanSupplier stopped) {
        Optional<String> state = scans.start(id);
        if (state.isEmpty()) {
            return;
        }
        ScanRecord scan = scans.find(id).orElseThrow();
        LOG.infof(
                "scan %s (%s) %s at %d objects listed, attempt %d",
                id,
                scan.pipeline(),
                scan.attempts() > 1 ? "resumes" : "starts",
                scan.resumedObjects(),
                scan.attempts());
        metrics.scanStarted();
        String ended = null;
        try {
            List<SourceRecord> sources = scans.sources(id);
            if (ScanRecord.LISTING.equals(state.get())) {
                for (SourceRecord source : sources) {
                    lister(source).list(id, source, stopped);
                }
                scans.listed(id, scan.dryRun(), views.levelCountsJson(id, sources));
            }
            if (!scan.dryRun()) {
                if (!ScanRecord.CONFIRMING.equals(state.get())) {
                    verifier.since(scan, stopped);
                    emitter.emit(scan, sources, stopped);
                    scans.confirming(id);
                }
                verifier.verify(scan, sources, stopped);
            }
            LOG.infof("scan %s completed", id);
            ended = BootstrapMetrics.COMPLETED;
        } catch (ScanStopped e) {
            LOG.infof("scan %s stopped: %s", id, e.getMessage());
        } catch (TransientRetry.S3CallFailed | StageEventPublisher.PublishFailed | VerdictWaiter.NoVerdict e) {
            LOG.errorf("scan %s failed: %s", id, e.getMessage());
            scans.failed(id, e.getMessage());
            ended = BootstrapMetrics.FAILED;
        } catch (RuntimeException e) {
            if (stopped.getAsBoolean()) {
                LOG.infof("scan %s stopped: %s", id, e.toString());
            } else if (isDatabase(e)) {
                LOG.warnf(
                        "scan %s paused, the database failed (it resumes from its checkpoint): %s", id, e.getMessage());
            } else {
                LOG.errorf(e, "scan %s failed", id);
                scans.failed(id, e.toString());
                ended = BootstrapMetrics.FAILED;
            }
        } finally {
            metrics.scanLeft(ended);
        }
    }

    private SourceLister lister(SourceRecord source) {
        return Layout.parse(source.layout()).orElseThrow() == Layout.FOLDER ? folders : flat;
    }

    private static boolean isDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException || t instanceof jakarta.transaction.TransactionalException) {
                return true;
            }
        }
        return false;
    }
}
