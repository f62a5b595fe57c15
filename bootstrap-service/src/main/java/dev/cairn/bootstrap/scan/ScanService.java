package dev.cairn.bootstrap.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.ledger.PipelineCheck;
import dev.cairn.bootstrap.s3.ObjectLister;
import dev.cairn.bootstrap.s3.TransientRetry;
import dev.cairn.bootstrap.store.MatchStore;
import dev.cairn.bootstrap.store.ScanRecord;
import dev.cairn.bootstrap.store.ScanStore;
import dev.cairn.bootstrap.store.SourceRecord;
import dev.cairn.contracts.CompletionLogEntry;
import dev.cairn.contracts.Problem;
import dev.cairn.service.error.ConflictException;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.NotFoundException;
import dev.cairn.service.error.UnavailableException;
import dev.cairn.service.error.UnprocessableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Scans as the HTTP API sees them: start (validated, buckets checked), list, read, cancel, and the dry-run entries. */
@ApplicationScoped
public class ScanService {

    static final int ENTRY_PAGE = 5000;

    private final ScanRequestValidator validator = new ScanRequestValidator();
    private final ScanStore scans;
    private final MatchStore matches;
    private final ObjectLister s3;
    private final ScanWorker worker;
    private final ScanViews views;
    private final ObjectMapper json;
    private final PipelineCheck pipelines;
    private final AllowedBuckets allowed;

    ScanService(
            ScanStore scans,
            MatchStore matches,
            ObjectLister s3,
            ScanWorker worker,
            ScanViews views,
            ObjectMapper json,
            PipelineCheck pipelines,
            BootstrapConfig config) {
        this.json = json;
        this.pipelines = pipelines;
        this.allowed = new AllowedBuckets(config.allowedBuckets().orElse(List.of()));
        this.scans = scans;
        this.matches = matches;
        this.s3 = s3;
        this.worker = worker;
        this.views = views;
    }

    /** Validates, checks that every bucket exists, stores the scan as {@code queued} and wakes the worker. */
    public ScanView start(ScanRequest request) {
        List<Problem> problems = validator.problems(request);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_scan", "the scan request is invalid", problems);
        }
        ScanPlan plan = validator.plan(request);
        refuseBucketsNotAllowed(plan);
        pipelines.check(
                plan.pipeline(),
                "pipeline",
                plan.sources().stream().map(SourcePlan::stage).toList(),
                plan.sources().stream().map(s -> "stages[" + s.ordinal() + "]").toList());
        List<String> missing;
        try {
            missing = s3.missingBuckets(
                    plan.sources().stream().map(SourcePlan::bucket).toList());
        } catch (RuntimeException e) {
            throw new UnavailableException(
                    "s3_unavailable", "could not check the buckets: " + TransientRetry.describe(e));
        }
        if (!missing.isEmpty()) {
            List<Problem> unknown = plan.sources().stream()
                    .filter(s -> missing.contains(s.bucket()))
                    .map(s -> new Problem(
                            "sources." + s.stage() + ".bucket",
                            "bucket '" + s.bucket() + "' does not exist (HeadBucket: not found or forbidden)"))
                    .toList();
            throw new UnprocessableException(
                    "unknown_bucket", "unknown bucket: " + String.join(", ", missing), unknown);
        }
        UUID id = UUID.randomUUID();
        scans.insert(
                id,
                plan.pipeline(),
                plan.configId(),
                plan.dryRun(),
                plan.sources().stream()
                        .map(s -> new ScanStore.NewSource(
                                s.ordinal(),
                                s.stage(),
                                s.bucket(),
                                s.prefix(),
                                s.layout().value(),
                                s.sentinels(),
                                s.projectPattern()))
                        .toList(),
                Instant.now());
        worker.wake();
        return get(id);
    }

    private void refuseBucketsNotAllowed(ScanPlan plan) {
        List<Problem> refused = plan.sources().stream()
                .filter(s -> !allowed.allows(s.bucket()))
                .map(s -> new Problem(
                        "sources." + s.stage() + ".bucket",
                        "bucket '" + s.bucket() + "' is not in cairn.bootstrap.allowed-buckets"
                                + (allowed.entries().isEmpty() ? " (none is allowed: the setting is empty)" : "")))
                .toList();
        if (!refused.isEmpty()) {
            throw new UnprocessableException(
                    "bucket_not_allowed", refused.get(0).message(), refused);
        }
    }

    public ScanView get(UUID id) {
        ScanRecord scan = scans.find(id).orElseThrow(() -> new NotFoundException("no scan " + id));
        return views.view(scan, scans.sources(id), true);
    }

    public List<ScanView> list(String state, int limit) {
        return scans.list(state, limit).stream()
                .map(s -> views.view(s, scans.sources(s.id()), false))
                .toList();
    }

    /** Cancels an active scan; 409 when it has already ended. */
    public ScanView cancel(UUID id) {
        ScanRecord scan = scans.find(id).orElseThrow(() -> new NotFoundException("no scan " + id));
        if (!scans.cancel(id)) {
            throw new ConflictException(
                    "scan_ended",
                    "scan " + id + " has already ended ("
                            + scans.find(id).map(ScanRecord::state).orElse(scan.state()) + ")");
        }
        worker.cancelled(id);
        return get(id);
    }

    /** Fails with 404/409 unless the scan exists and is completed; never serves a partial result. */
    public ScanRecord completed(UUID id) {
        ScanRecord scan = scans.find(id).orElseThrow(() -> new NotFoundException("no scan " + id));
        if (!scan.completed()) {
            throw new ConflictException(
                    "scan_not_completed",
                    "scan " + id + " is " + scan.state() + "; entries exist only for a completed scan");
        }
        return scan;
    }

    /**
     * The completion log the seed's {@code generate_retroactive_log.py} would write: one line per project, its highest
     * stage and that stage's newest sentinel time, sorted by project name. Streamed a page at a time.
     */
    public void writeEntries(ScanRecord scan, OutputStream out) throws IOException {
        List<SourceRecord> sources = scans.sources(scan.id());
        String after = null;
        while (true) {
            List<MatchStore.Entry> page = matches.entriesAfter(scan.id(), after, ENTRY_PAGE);
            for (MatchStore.Entry e : page) {
                CompletionLogEntry line = new CompletionLogEntry(
                        e.project(),
                        scan.configId(),
                        sources.get(e.ordinal()).stage(),
                        e.lastModified().toString(),
                        CompletionLogEntry.RETROACTIVE_WORKFLOW);
                out.write(json.writeValueAsBytes(line));
                out.write('\n');
            }
            if (page.size() < ENTRY_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).project();
        }
    }
}
