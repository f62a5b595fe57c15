package dev.cairn.ledger.messaging;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.store.OutboxStore;
import dev.cairn.ledger.store.OutboxStore.OutboxRow;
import dev.cairn.service.postgres.AdvisoryLock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Publishes outbox rows to {@code cairn.completions} in id order, at least once. One relay is active across all
 * instances: the one holding the PostgreSQL advisory lock {@link #LOCK_KEY} on its own session (if that instance
 * dies, its session ends, the lock is released and another instance takes over). Wakes on NOTIFY from the apply
 * transaction, else polls every {@code idle-wait}. Its state (leader, backlog) is exported by {@code OutboxMetrics}.
 */
@ApplicationScoped
public class OutboxRelay {

    static final long LOCK_KEY = 0x636169726eL; // "cairn"
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final AgroalDataSource dataSource;
    private final OutboxStore outbox;
    private final KafkaProducer<String, byte[]> producer;
    private final LedgerConfig config;
    private volatile boolean running = true;
    private volatile boolean leader;
    private volatile long pending;
    private volatile Instant oldest;
    private final Object roundLock = new Object();
    private long rounds; // guarded by roundLock: rounds that published rows, for the freshness barrier
    private Thread thread;

    OutboxRelay(
            AgroalDataSource dataSource,
            OutboxStore outbox,
            KafkaProducer<String, byte[]> producer,
            LedgerConfig config) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.producer = producer;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "cairn-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    /** True while this instance runs the active relay. */
    public boolean isLeader() {
        return leader;
    }

    /** Rows waiting in the outbox, as of the relay's last round (0 on an instance that is not the leader). */
    public long pending() {
        return pending;
    }

    /** Creation time of the oldest row waiting, as of the last round; null when none. */
    public Instant oldest() {
        return oldest;
    }

    /** How many rounds of this instance's relay have published rows so far. */
    public long rounds() {
        synchronized (roundLock) {
            return rounds;
        }
    }

    /**
     * Waits until this instance's relay has published rows in a round after {@code seen} ({@link #rounds()}), at most
     * {@code max}: a barrier re-checks the outbox then (the relay may run on another instance, hence the bound).
     */
    public void awaitRoundAfter(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (roundLock) {
            while (rounds == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(roundLock, left);
            }
        }
    }

    private void run() {
        while (running) {
            try {
                Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(dataSource, LOCK_KEY);
                if (lock.isEmpty()) {
                    leader = false;
                    sleep(config.relay().idleWait().multipliedBy(5));
                    continue;
                }
                try (AdvisoryLock held = lock.get()) {
                    leader = true;
                    LOG.info("this instance now runs the outbox relay");
                    relayWhileLeader(held.connection());
                } finally {
                    leader = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                leader = false;
                if (running) {
                    LOG.warnf(
                            "outbox relay round failed, retrying in %s: %s",
                            config.relay().retryBackoff(), Failures.describe(e));
                    sleepQuietly(config.relay().retryBackoff());
                }
            }
        }
    }

    /** Relays on the lock's session, listening for the apply transactions' NOTIFY; stops listening before it ends. */
    private void relayWhileLeader(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("listen " + OutboxStore.CHANNEL);
        }
        try {
            PGConnection pg = c.unwrap(PGConnection.class);
            int batch = config.relay().batchSize();
            while (running) {
                List<OutboxRow> rows = outbox.oldest(c, batch);
                if (!rows.isEmpty()) {
                    publish(rows);
                    outbox.delete(c, rows);
                    synchronized (roundLock) {
                        rounds++;
                        roundLock.notifyAll();
                    }
                }
                OutboxStore.Backlog backlog = outbox.backlog(c);
                pending = backlog.rows();
                oldest = backlog.oldest();
                if (rows.size() < batch) {
                    pg.getNotifications((int) config.relay().idleWait().toMillis());
                }
            }
        } finally {
            unlistenQuietly(c);
        }
    }

    private void publish(List<OutboxRow> rows) throws Exception {
        List<Future<?>> sent = new ArrayList<>(rows.size());
        String topic = config.completionsTopic();
        for (OutboxRow row : rows) {
            sent.add(producer.send(new ProducerRecord<>(topic, row.topicKey(), row.payload())));
        }
        producer.flush();
        for (Future<?> f : sent) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    /** The connection goes back to the pool: it must not keep the LISTEN with it. */
    private static void unlistenQuietly(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("unlisten *");
        } catch (Exception e) {
            // a broken connection: the server ended the session, and the LISTEN with it
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
