package dev.cairn.ledger.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The completions offsets the barrier answers without asking Kafka: only within one leadership of the relay. */
class RelayedOffsetsTest {

    static final TopicPartition C0 = new TopicPartition("cairn.completions", 0);
    static final TopicPartition C1 = new TopicPartition("cairn.completions", 1);

    @Test
    void aLeadershipStartsAtTheEndOffsetsAndCoversEveryAcknowledgedRecord() {
        RelayedOffsets r = new RelayedOffsets();
        assertThat(r.leadership()).isEqualTo(-1);
        r.began(Map.of(C0, 7L, C1, 0L));
        long leadership = r.leadership();
        r.acknowledged(1, 0);
        r.acknowledged(0, 9);
        r.acknowledged(0, 8); // acknowledgements may come out of order: the offset never goes down
        assertThat(r.offsets(leadership)).contains(Map.of(0, 10L, 1, 1L));
    }

    @Test
    void anotherLeadershipOrNoneAnswersNothing() {
        RelayedOffsets r = new RelayedOffsets();
        r.began(Map.of(C0, 3L));
        long first = r.leadership();
        r.ended();
        assertThat(r.leadership()).isEqualTo(-1);
        assertThat(r.offsets(first)).isEmpty();
        r.acknowledged(0, 50); // a late acknowledgement after the lock was given up is not counted
        r.began(Map.of(C0, 60L));
        assertThat(r.offsets(first)).isEmpty();
        assertThat(r.offsets(r.leadership())).contains(Map.of(0, 60L));
        assertThat(r.offsets(-1)).isEmpty();
    }
}
