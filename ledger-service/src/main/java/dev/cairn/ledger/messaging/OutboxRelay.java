package dev.cairn.ledger.messaging;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.metrics.LedgerMetrics;
import dev.cairn.ledger.store.OutboxStore;
import dev.cairn.ledger.store.OutboxStore.OutboxRow;
import dev.cairn.ledger.store.ParkedStore;
import dev.cairn.ledger.store.ParkedStore.Kind;
import dev.cairn.ledger.store.ParkedStore.Parked;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Publishes outbox rows to {@code cairn.completions} in id order, at least once. One relay is active across all
 * instances: the one holding the PostgreSQL advisory lock {@link #LOCK_KEY} on its own session (if that instance
 * dies, its session ends, the lock is released and another instance takes over). Wakes on NOTIFY from the apply
 * transaction, else polls every {@code idle-wait}. Its state (leader, backlog) is exported by {@code OutboxMetrics};
 * what it has published, for the freshness barrier, by {@link RelayedOffsets}.
 */
@ApplicationScoped
public class OutboxRelay {

    static final long LOCK_KEY = 0x636169726eL; // "cairn"
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final AgroalDataSource dataSource;
    private final OutboxStore outbox;
    private final KafkaProducer<String, byte[]> producer;
    private final LedgerConfig config;
    private final Retries retries;
    private final ParkedStore parked;
    private final LedgerMetrics metrics;
    private final KafkaOffsets kafka;
    private final RelayedOffsets relayed;
    private AdvisoryLock held;
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
            LedgerConfig config,
            Retries retries,
            ParkedStore parked,
            LedgerMetrics metrics,
            KafkaOffsets kafka,
            RelayedOffsets relayed) {
        this.kafka = kafka;
        this.relayed = relayed;
        this.retries = retries;
        this.parked = parked;
        this.metrics = metrics;
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
                retries.untilDone(
                        "relaying the outbox",
                        () -> {
                            step();
                            return null;
                        },
                        e -> running && !(e instanceof InterruptedException));
            } catch (RuntimeException e) {
                if (Retries.unwrap(e) instanceof InterruptedException || !running) {
                    Thread.currentThread().interrupt();
                    break;
                }
                LOG.warnf("outbox relay stopped a round: %s", Failures.describe(e));
            }
        }
        dropLock();
    }

    /**
     * One round: take the lock if this instance does not hold it (else wait), publish the oldest rows, delete them,
     * and wait for a NOTIFY when the outbox is drained. A failure gives the lock up (its session may be gone) and is
     * retried by {@link Retries}.
     */
    private void step() throws Exception {
        if (held == null) {
            Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(dataSource, LOCK_KEY);
            if (lock.isEmpty()) {
                leader = false;
                Thread.sleep(config.relay().idleWait().multipliedBy(5).toMillis());
                return;
            }
            held = lock.get();
            try (Statement s = held.connection().createStatement()) {
                s.execute("listen " + OutboxStore.CHANNEL);
                relayed.began(kafka.endOffsets(config.completionsTopic(), Duration.ofSeconds(30)));
            } catch (Exception e) {
                dropLock();
                throw e;
            }
            leader = true;
            LOG.info("this instance now runs the outbox relay");
        }
        try {
            relayOnce(held.connection());
        } catch (Exception e) {
            dropLock();
            throw e;
        }
    }

    private void relayOnce(Connection c) throws Exception {
        int batch = config.relay().batchSize();
        List<OutboxRow> rows = outbox.oldest(c, batch);
        if (!rows.isEmpty()) {
            publish(c, rows);
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
            c.unwrap(PGConnection.class)
                    .getNotifications((int) config.relay().idleWait().toMillis());
        }
    }

    /** Gives the lock (and the LISTEN, which must not go back to the pool with the connection) up. */
    private void dropLock() {
        leader = false;
        relayed.ended();
        AdvisoryLock lock = held;
        held = null;
        if (lock != null) {
            unlistenQuietly(lock.connection());
            lock.close();
        }
    }

    /**
     * Sends the rows and waits for every acknowledgement. A passing failure (broker down) is thrown and the round
     * retried; a row the broker refuses for good (too large, topic denied) is parked in {@code ledger.parked} with a
     * metric and a log line, so that the rows behind it flow.
     */
    private void publish(Connection c, List<OutboxRow> rows) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        String topic = config.completionsTopic();
        for (OutboxRow row : rows) {
            sent.add(producer.send(new ProducerRecord<>(topic, row.topicKey(), row.payload())));
        }
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            try {
                RecordMetadata acked = sent.get(i).get(60, TimeUnit.SECONDS);
                relayed.acknowledged(acked.partition(), acked.offset());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RetriableException) {
                    throw e;
                }
                OutboxRow row = rows.get(i);
                parked.park(
                        c,
                        new Parked(
                                Kind.OUTBOX,
                                topic,
                                row.topicKey(),
                                row.payload(),
                                Failures.describe(e.getCause()),
                                "outbox:" + row.id()));
                metrics.parked(Kind.OUTBOX);
                LOG.errorf(
                        "parked outbox row %d (%s, %d bytes) in ledger.parked: the broker refuses it (%s)",
                        row.id(), row.topicKey(), row.payload().length, Failures.describe(e.getCause()));
            }
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
}
