package dev.cairn.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ledger.domain.ItemStatus;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact table of one run's statuses against a plain map, through growth, replacements and odd names. */
class ItemStatusTableTest {

    @Test
    void answersExactlyLikeAMapThroughGrowthAndReplacements() {
        ItemStatusTable table = new ItemStatusTable(1);
        Map<String, Byte> oracle = new HashMap<>();
        Random random = new Random(15);
        for (int i = 0; i < 200_000; i++) {
            String name = "photos/2024/IMG_" + random.nextInt(120_000) + ".json";
            byte status = (byte) (1 + random.nextInt(4));
            table.put(name, status);
            oracle.put(name, status);
        }
        assertThat(table.size()).isEqualTo(oracle.size());
        oracle.forEach((name, status) -> assertThat(table.get(name)).as(name).isEqualTo(status));
        for (int i = 120_000; i < 130_000; i++) {
            assertThat(table.get("photos/2024/IMG_" + i + ".json")).isEqualTo(ItemStatusTable.UNKNOWN);
        }
    }

    @Test
    void namesThatShareAPrefixOrDifferOnlyInLengthOrBytesAreDistinct() {
        List<String> names = List.of(
                "",
                "a",
                "a\u0000",
                "ab",
                "abcdefgh",
                "abcdefgh\u0000",
                "abcdefghi",
                "Ä",
                "A\u0308", // the same glyph, other code points: another name
                "日本語/写真.json",
                "x".repeat(1024),
                "x".repeat(1023) + "y",
                "𝄞".repeat(256));
        ItemStatusTable table = new ItemStatusTable(4);
        for (int i = 0; i < names.size(); i++) {
            table.put(names.get(i), (byte) (1 + i % 4));
        }
        for (int i = 0; i < names.size(); i++) {
            assertThat(table.get(names.get(i))).as(names.get(i)).isEqualTo((byte) (1 + i % 4));
        }
        assertThat(table.get("abcdefg")).isEqualTo(ItemStatusTable.UNKNOWN);
        assertThat(table.get("x".repeat(1025))).isEqualTo(ItemStatusTable.UNKNOWN);
    }

    @Test
    void bytesFromTheDatabaseAndStringsFromARequestMeetOnUtf8() {
        ItemStatusTable table = new ItemStatusTable(4);
        byte[] b = "[[café/ü.json]]".getBytes(StandardCharsets.UTF_8);
        table.put(b, 2, b.length - 4, ItemStatus.code("error"));
        assertThat(table.get("café/ü.json")).isEqualTo(ItemStatusTable.ERROR);
        assertThat(table.get("cafe/u.json")).isEqualTo(ItemStatusTable.UNKNOWN);
    }

    @Test
    void aMillionNamesOfThirtyBytesTakeAboutFiftyMegabytes() {
        ItemStatusTable table = new ItemStatusTable(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            table.put(String.format("photos/2024/IMG_%07d.json", i), ItemStatusTable.SUCCESS);
        }
        assertThat(table.bytes()).isBetween(40_000_000L, 55_000_000L);
    }
}
