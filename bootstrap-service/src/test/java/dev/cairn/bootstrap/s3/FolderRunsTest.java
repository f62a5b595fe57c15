package dev.cairn.bootstrap.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FolderRunsTest {

    @Test
    void foldersAreCutIntoContiguousRunsOfNearEqualSize() {
        List<String> folders = List.of("p/a/", "p/b/", "p/c/", "p/d/", "p/e/");
        assertThat(FolderSourceLister.runs(folders, 2))
                .containsExactly(List.of("p/a/", "p/b/", "p/c/"), List.of("p/d/", "p/e/"));
        assertThat(FolderSourceLister.runs(folders, 16)).hasSize(5).allMatch(r -> r.size() == 1);
        assertThat(FolderSourceLister.runs(folders, 1)).containsExactly(folders);
        assertThat(FolderSourceLister.runs(List.of(), 4)).isEmpty();
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("internal/mission_1/mission_1_ortho.tif", "internal/", "internal/mission_1/"),
                Arguments.of("internal/mission_1/sub/x.tif", "internal/", "internal/mission_1/"),
                Arguments.of("internal/mission_1_ortho.tif", "internal/", null),
                Arguments.of("run/default-run/m/x.tif", "run/default-run/", "run/default-run/m/"),
                Arguments.of("run/default-run-old/m/x.tif", "run/default-run", "run/default-run-old/"));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void aKeyBelongsToItsFirstLevelFolder(String key, String listingPrefix, String folder) {
        assertThat(FolderSourceLister.folderOf(key, listingPrefix)).isEqualTo(folder);
    }
}
