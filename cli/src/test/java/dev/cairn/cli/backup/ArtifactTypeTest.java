package dev.cairn.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backup document's extension table, row by row, case-insensitively. */
class ArtifactTypeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "config.yaml               | config",
                "settings.yml              | config",
                "custom_settings.json      | config report gis_data",
                "notes.txt                 | config logs",
                "process_log.txt           | config logs",
                "mosaic_processor_output.log | logs",
                "enhance_log.csv           | logs",
                "exiftool.args             | logs",
                "report.html               | report",
                "report_data_RMI25320.json | config report gis_data",
                "assets/chart.png          | report",
                "assets/photo.jpg          | report",
                "assets/photo.JPEG         | report",
                "summary.pdf               | report",
                "centerline.shp            | gis_data",
                "centerline.shx            | gis_data",
                "centerline.dbf            | gis_data",
                "centerline.prj            | gis_data",
                "centerline.cpg            | gis_data",
                "centerline.sbn            | gis_data",
                "centerline.sbx            | gis_data",
                "centerline.shp.xml        | gis_data",
                "roads.GeoJSON             | gis_data",
                "area.kml                  | gis_data",
                "area.kmz                  | gis_data",
                "old.gdb                   | gis_data",
                "parcels.gpkg              | gis_data",
                "reference.gdb/a00000001.gdbtable | gis_data",
                "reference.gdb/timestamps  | gis_data",
                "REPORT.HTML               | report",
                "style.css                 | ''",
                "core.dmp                  | ''",
                "Makefile                  | ''",
                "archive.tar.gz            | ''",
                "config.yaml.bak           | ''"
            })
    void acceptsExactlyTheDocumentsExtensions(String path, String types) {
        Set<ArtifactType> expected = types.isBlank()
                ? EnumSet.noneOf(ArtifactType.class)
                : Arrays.stream(types.split(" "))
                        .map(t -> ArtifactType.of(t).orElseThrow())
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(ArtifactType.class)));
        Set<ArtifactType> accepting = Arrays.stream(ArtifactType.values())
                .filter(t -> t.accepts(path))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ArtifactType.class)));
        assertThat(accepting).isEqualTo(expected);
    }
}
