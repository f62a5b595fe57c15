package dev.cairn.ledger.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Where {@code cairn.completions} holds everything this instance's relay has published, known in-process: the
 * freshness barrier's last step takes it instead of an admin round trip for the topic's end offsets.
 *
 * <p>Valid only for one leadership: when the relay takes the lock it reads the topic's end offsets (everything a
 * former leader published and deleted was acknowledged before it gave the lock up, so below them), then raises each
 * partition's offset past every record Kafka acknowledges to it. A barrier notes the {@link #leadership()} before it
 * waits for the outbox and uses {@link #offsets(long)} only if the same leadership still holds; otherwise it reads the
 * end offsets as before.
 */
@ApplicationScoped
public class RelayedOffsets {

    private final Map<Integer, Long> offsets = new HashMap<>(); // guarded by this
    private long leadership; // guarded by this: changes when a leadership begins or ends
    private boolean leading; // guarded by this

    /** The relay took the lock; {@code endOffsets} were read after that. */
    synchronized void began(Map<TopicPartition, Long> endOffsets) {
        leadership++;
        leading = true;
        offsets.clear();
        endOffsets.forEach((tp, offset) -> offsets.put(tp.partition(), offset));
    }

    /** The relay gave the lock up (or lost it). */
    synchronized void ended() {
        if (leading) {
            leadership++;
            leading = false;
            offsets.clear();
        }
    }

    /** Kafka acknowledged a record at {@code offset} of {@code partition}. */
    synchronized void acknowledged(int partition, long offset) {
        if (leading) {
            offsets.merge(partition, offset + 1, Math::max);
        }
    }

    /** The current leadership of this instance's relay, -1 when it does not hold the lock. */
    public synchronized long leadership() {
        return leading ? leadership : -1;
    }

    /**
     * Per partition, one past the last record this leadership's relay (or a former leader) had published, if
     * {@code leadership} still holds; empty otherwise.
     */
    public synchronized Optional<Map<Integer, Long>> offsets(long leadership) {
        if (!leading || leadership != this.leadership) {
            return Optional.empty();
        }
        return Optional.of(Map.copyOf(offsets));
    }
}
