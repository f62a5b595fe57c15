package dev.cairn.bootstrap.ledger;

import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.store.ScanStopped;
import dev.cairn.contracts.StageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for the ledger: asks again every {@code poll-interval} while the ledger is unreachable or has no verdict yet
 * on some ids, until {@code cairn.bootstrap.verdict-timeout} has passed ({@link NoVerdict}) or the caller
 * stops ({@link ScanStopped}).
 */
@ApplicationScoped
public class VerdictWaiter {

    /** The ledger gave no answer or no verdict in time. */
    public static final class NoVerdict extends RuntimeException {
        NoVerdict(String message) {
            super(message);
        }
    }

    private final LedgerClient ledger;
    private final Duration timeout;
    private final Duration pause;

    VerdictWaiter(LedgerClient ledger, BootstrapConfig config) {
        this.ledger = ledger;
        this.timeout = config.verdictTimeout();
        this.pause = config.pollInterval();
    }

    /** When a wait that starts now must give up. */
    public long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }

    /** The ledger's clock, asked until it answers. */
    public Instant ledgerNow(long deadline, BooleanSupplier stopped) {
        return retry(ledger::now, deadline, stopped);
    }

    /** A verdict on every one of {@code events} (at most {@link LedgerClient#STATUS_BATCH}) since {@code since}. */
    public Map<String, LedgerClient.Verdict> await(
            List<StageEvent> events, Instant since, long deadline, BooleanSupplier stopped) {
        if (events.isEmpty()) {
            return Map.of();
        }
        List<String> ids = events.stream().map(StageEvent::eventId).toList();
        return retry(
                () -> {
                    LedgerClient.Verdicts v = ledger.status(events, since);
                    long unknown = ids.stream()
                            .filter(id -> !v.byId().containsKey(id)
                                    || !v.byId().get(id).known())
                            .count();
                    if (unknown > 0) {
                        throw new LedgerClient.LedgerUnavailable(
                                "the ledger has no verdict yet on " + unknown + " of " + ids.size() + " events", null);
                    }
                    return v.byId();
                },
                deadline,
                stopped);
    }

    private <T> T retry(Supplier<T> call, long deadline, BooleanSupplier stopped) {
        while (true) {
            try {
                return call.get();
            } catch (LedgerClient.LedgerUnavailable e) {
                if (System.nanoTime() > deadline) {
                    throw new NoVerdict(
                            e.getMessage() + " after waiting " + timeout + " (cairn.bootstrap.verdict-timeout)");
                }
                pause(stopped);
            }
        }
    }

    private void pause(BooleanSupplier stopped) {
        long until = System.nanoTime() + pause.toNanos();
        while (System.nanoTime() < until) {
            if (stopped.getAsBoolean()) {
                throw new ScanStopped(ScanStopped.Why.SHUTDOWN, "stopped while waiting for the ledger");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScanStopped(ScanStopped.Why.SHUTDOWN, "interrupted while waiting for the ledger");
            }
        }
    }
}
