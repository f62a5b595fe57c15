package dev.cairn.ledger.messaging;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.store.OutboxStore;
import dev.cairn.ledger.store.OutboxStore.OutboxRow;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * transaction, else polls every {@code idle-wait}.
 */
@ApplicationScoped
public class OutboxRelay {

    static final long LOCK_KEY = 0x636169726eL; // "cairn"
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final AgroalDataSource dataSource;
    private final OutboxStore outbox;
    private final KafkaProducer<String, byte[]> producer;
    private final LedgerConfig config;
    private final LedgerMetrics metrics;
    private volatile boolean running = true;
    private volatile boolean leader;
    private volatile long pending;
    private volatile Instant oldest;
    private Thread thread;

    OutboxRelay(
            AgroalDataSource dataSource,
            OutboxStore outbox,
            KafkaProducer<String, byte[]> producer,
            LedgerConfig config,
            LedgerMetrics metrics) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.producer = producer;
        this.config = config;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder(
                        "cairn.ledger.outbox.lag.seconds",
                        this,
                        r -> r.oldest == null
                                ? 0
                                : Math.max(
                                        0,
                                        Duration.between(r.oldest, Instant.now())
                                                        .toMillis()
                                                / 1000.0))
                .description("age of the oldest change not yet published to cairn.completions")
                .register(metrics.registry());
        Gauge.builder("cairn.ledger.outbox.pending", this, r -> r.pending)
                .description("changes waiting in the outbox")
                .register(metrics.registry());
        Gauge.builder("cairn.ledger.outbox.leader", this, r -> r.leader ? 1 : 0)
                .description("1 when this instance runs the active relay")
                .register(metrics.registry());
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

    public boolean isLeader() {
        return leader;
    }

    private void run() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                if (!tryLock(c)) {
                    leader = false;
                    sleep(config.relay().idleWait().multipliedBy(5));
                    continue;
                }
                leader = true;
                LOG.info("this instance now runs the outbox relay");
                try (Statement s = c.createStatement()) {
                    s.execute("listen " + OutboxStore.CHANNEL);
                }
                try {
                    relayWhileLeader(c);
                } finally {
                    leader = false;
                    releaseQuietly(c);
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

    private void relayWhileLeader(Connection c) throws Exception {
        PGConnection pg = c.unwrap(PGConnection.class);
        int batch = config.relay().batchSize();
        while (running) {
            List<OutboxRow> rows = outbox.oldest(c, batch);
            if (!rows.isEmpty()) {
                publish(rows);
                outbox.delete(c, rows);
            }
            OutboxStore.Backlog backlog = outbox.backlog(c);
            pending = backlog.rows();
            oldest = backlog.oldest();
            if (rows.size() < batch) {
                pg.getNotifications((int) config.relay().idleWait().toMillis());
            }
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

    private static boolean tryLock(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The connection goes back to the pool: it must not keep the session lock (or the LISTEN) with it. */
    private static void releaseQuietly(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("unlisten *");
            s.execute("select pg_advisory_unlock_all()");
        } catch (Exception e) {
            // a broken connection: the server ended the session, and the lock with it
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
