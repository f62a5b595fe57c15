package dev.cairn.planner.store;

import static dev.cairn.planner.store.CompletionViewTest.state;
import static dev.cairn.planner.store.CompletionViewTest.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A view image written and read back restores a view that answers exactly as the original, keeps each key's version
 * (an older record stays ignored), and goes on taking updates; a damaged image is refused, never half-read.
 */
class ViewImageTest {

    static CompletionView sample() {
        CompletionView view = new CompletionView();
        List<ViewUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String level = i % 3 == 0 ? null : i % 3 == 1 ? "metashape" : "postprocess";
            updates.add(upsert(state(
                    "photo", "m" + i, i % 2 == 0 ? "default" : "highres", level, 1 + i % 5, "2024-01-15T10:00:00Z")));
        }
        for (int i = 0; i < 500; i++) {
            updates.add(
                    upsert(state("sync", "table_" + i, "default", "postprocess", 7, "2024-02-01T08:30:00.123456789Z")));
        }
        for (int i = 0; i < 3000; i += 7) { // tombstones: the table's backward-shift deletion and moved entries
            updates.add(new ViewUpdate("photo", "m" + i, i % 2 == 0 ? "default" : "highres", null));
        }
        view.apply(updates);
        return view;
    }

    static byte[] bytes(ViewImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        image.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }

    static ViewImage read(byte[] bytes) throws IOException {
        return ViewImage.readFrom(new ViewImage.Input(bytes, 0, bytes.length));
    }

    @Test
    void aRestoredViewAnswersAsTheOriginal() throws IOException {
        CompletionView original = sample();
        CompletionView restored = new CompletionView();
        restored.restore(read(bytes(original.image())));

        assertThat(ViewDump.of(restored)).isEqualTo(ViewDump.of(original));
        assertThat(restored.keys()).isEqualTo(3000 - 429 + 500);
        char[] m2 = "m2".toCharArray();
        assertThat((int) restored.read("photo", "default", r -> r.levelCode(m2, 0, m2.length)))
                .as("m2: postprocess, stage id 1 + 1")
                .isEqualTo(2);
    }

    @Test
    void aRestoredViewKeepsVersionsAndTakesNewUpdates() throws IOException {
        CompletionView restored = new CompletionView();
        restored.restore(read(bytes(sample().image())));
        long generation = restored.generation();

        CompletionView.Applied applied = restored.apply(List.of(
                upsert(state("photo", "m1", "highres", "postprocess", 2, "2024-03-01T00:00:00Z")),
                upsert(state("photo", "m1", "highres", "postprocess", 3, "2024-03-01T00:00:00Z")),
                upsert(state("photo", "new", "default", "metashape", 1, "2024-03-01T00:00:00Z")),
                new ViewUpdate("sync", "table_3", "default", null)));

        assertThat(applied)
                .as("m1 is at version 2 already: the same version is stale, version 3 applies")
                .isEqualTo(new CompletionView.Applied(2, 1, 1, 0));
        assertThat(restored.generation()).isGreaterThan(generation);
        char[] name = "new".toCharArray();
        assertThat((int) restored.read("photo", "default", r -> r.levelCode(name, 0, name.length)))
                .isEqualTo(1);
        assertThat(restored.keys()).isEqualTo(3000 - 429 + 500 + 1 - 1);
    }

    @Test
    void anEmptyViewRoundTrips() throws IOException {
        CompletionView restored = new CompletionView();
        restored.restore(read(bytes(new CompletionView().image())));
        assertThat(restored.keys()).isZero();
        assertThat(restored.asOf()).isNull();
        assertThat(restored.pipelines()).isEmpty();
    }

    @Test
    void aTruncatedImageIsRefused() throws IOException {
        byte[] whole = bytes(sample().image());
        for (int cut : new int[] {0, 13, whole.length / 2, whole.length - 1}) {
            assertThatThrownBy(() -> ViewImage.readFrom(new ViewImage.Input(whole, 0, cut)))
                    .as("cut at %d of %d", cut, whole.length)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void damagedBytesAreRefusedOrReadToTheSameKeysNeverPartly() throws IOException {
        CompletionView original = sample();
        byte[] whole = bytes(original.image());
        Random random = new Random(42);
        int refused = 0;
        for (int i = 0; i < 300; i++) {
            byte[] damaged = whole.clone();
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            try {
                ViewImage image = read(damaged);
                CompletionView v = new CompletionView();
                v.restore(image);
                assertThat(v.keys()).isEqualTo(original.keys());
            } catch (IOException e) {
                refused++;
            }
        }
        // a flipped bit in a version, a time or a status is a valid image: the snapshot file's checksum catches those
        assertThat(refused).as("flips in counts, names and slots are refused").isPositive();
    }

    @Test
    void restoringIntoAViewThatHoldsKeysIsRefused() throws IOException {
        ViewImage image = read(bytes(sample().image()));
        CompletionView busy = sample();
        assertThatThrownBy(() -> busy.restore(image)).isInstanceOf(IllegalStateException.class);
    }
}
