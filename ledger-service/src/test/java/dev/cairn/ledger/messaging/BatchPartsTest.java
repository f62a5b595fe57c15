package dev.cairn.ledger.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How a batch is cut while barriers wait: what they wait for first, in a transaction of its own, when worth it. */
class BatchPartsTest {

    static final TopicPartition P0 = new TopicPartition("cairn.stage-events", 0);
    static final TopicPartition P1 = new TopicPartition("cairn.stage-events", 1);

    /** A batch of P0 offsets 100..139 and P1 offsets 10..29. */
    static ConsumerRecords<String, String> batch() {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> records =
                new LinkedHashMap<>(); // P0 first, as iterated
        records.put(P0, records(P0, 100, 140));
        records.put(P1, records(P1, 10, 30));
        return new ConsumerRecords<>(records);
    }

    static List<ConsumerRecord<String, String>> records(TopicPartition tp, long from, long to) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        LongStream.range(from, to)
                .forEach(o -> out.add(new ConsumerRecord<>(tp.topic(), tp.partition(), o, "k", "v" + o)));
        return out;
    }

    /** Each part as "partition:offset" strings, in order. */
    static List<List<String>> cut(Map<TopicPartition, Long> wanted, int minSplit) {
        List<List<String>> parts = new ArrayList<>();
        for (List<ConsumerRecord<String, String>> part : StageEventConsumer.parts(batch(), wanted, minSplit)) {
            parts.add(part.stream().map(r -> r.partition() + ":" + r.offset()).toList());
        }
        return parts;
    }

    static List<String> offsets(TopicPartition tp, long from, long to) {
        return LongStream.range(from, to)
                .mapToObj(o -> tp.partition() + ":" + o)
                .toList();
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void withoutAWaitingBarrierTheBatchIsOnePart() {
        assertThat(cut(Map.of(), 1)).containsExactly(concat(offsets(P0, 100, 140), offsets(P1, 10, 30)));
    }

    @Test
    void theRecordsBelowWhatABarrierWaitsForComeFirst() {
        assertThat(cut(Map.of(P0, 110L), 1))
                .containsExactly(offsets(P0, 100, 110), concat(offsets(P0, 110, 140), offsets(P1, 10, 30)));
        assertThat(cut(Map.of(P0, 110L, P1, 25L), 1))
                .containsExactly(
                        concat(offsets(P0, 100, 110), offsets(P1, 10, 25)),
                        concat(offsets(P0, 110, 140), offsets(P1, 25, 30)));
        // a barrier waiting for records past this batch (or for a partition it does not hold) wants all of it
        assertThat(cut(Map.of(P0, 500L), 1)).containsExactly(offsets(P0, 100, 140), offsets(P1, 10, 30));
    }

    @Test
    void noSecondTransactionWhenNothingOrTooLittleWouldComeAfter() {
        List<List<String>> whole = List.of(concat(offsets(P0, 100, 140), offsets(P1, 10, 30)));
        assertThat(cut(Map.of(P0, 500L, P1, 500L), 1)).isEqualTo(whole); // everything is wanted
        assertThat(cut(Map.of(P0, 100L, P1, 10L), 1)).isEqualTo(whole); // nothing is wanted: applied already
        assertThat(cut(Map.of(P0, 139L), 31)).isEqualTo(whole); // 1 + 20 records after: not worth a transaction
        assertThat(cut(Map.of(P0, 139L), 21)).hasSize(2);
    }
}
