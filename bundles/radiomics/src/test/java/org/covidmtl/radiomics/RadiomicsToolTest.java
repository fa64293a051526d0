package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.LabelAbsentException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NrrdReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core of radiomics:extract and radiomics:batch on PyRadiomics' brain1 (NRRD), through the real readers. */
class RadiomicsToolTest {
    @TempDir
    Path tmp;

    RadiomicsTool tool() {
        return new RadiomicsTool(new RadiomicsEngine("radiomics", "test"), new VolumeInputs(List.of(new NrrdReader(), new NiftiReader())));
    }

    @Test
    void extractWritesOneRowMatchingPyRadiomicsWithProvenance() throws IOException {
        Path image = TestData.data("pyradiomics/data/brain1_image.nrrd");
        Path mask = TestData.data("pyradiomics/data/brain1_label.nrrd");
        RadiomicsTool t = tool();
        ExtractionSettings s = t.settings(null, null, "pyradiomics");
        assertThat(s).isEqualTo(SettingsReader.read(SettingsFileTest.config("pyradiomics-default.yaml")));
        Path out = tmp.resolve("out/brain1.csv");
        t.extract(image, mask, s, "pyradiomics-default", out, Progress.none());
        List<CSVRecord> rows = read(out);
        assertThat(rows).hasSize(1);
        CSVRecord r = rows.get(0);
        List<String> header = r.getParser().getHeaderNames();
        List<String> names = new RadiomicsEngine("r", "t").featureNames(s);
        assertThat(header.subList(0, 2 + names.size())).containsExactlyElementsOf(concat(List.of("Image", "Mask"), names));
        assertThat(header.subList(2 + names.size(), header.size())).allMatch(h -> h.startsWith("diagnostics_"))
                .contains("diagnostics_Image-original_Hash", "diagnostics_Mask-original_Hash", "diagnostics_Versions_Extractor");
        assertThat(Double.parseDouble(r.get("original_glcm_Contrast")))
                .isCloseTo(Double.parseDouble(PyRadiomicsBaselineTest.column("glcm", "brain1").get("original_glcm_Contrast")),
                        org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(Double.parseDouble(r.get("original_shape_Maximum3DDiameter"))).isCloseTo(69.601, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(r.get("diagnostics_Mask-original_VoxelNum")).isEqualTo("4137");
        assertThat(r.get("diagnostics_Image-original_Hash")).hasSize(64);
        try (var files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out); // no temporary file left
        }
    }

    @Test
    void extractNamesTheMissingLabel() {
        RadiomicsTool t = tool();
        ExtractionSettings s = t.settings(null, 7, null);
        assertThatThrownBy(() -> t.extract(TestData.data("pyradiomics/data/brain1_image.nrrd"),
                TestData.data("pyradiomics/data/brain1_label.nrrd"), s, "default", tmp.resolve("x.csv"), Progress.none()))
                .isInstanceOf(LabelAbsentException.class).hasMessageContaining("label 7").hasMessageContaining("[1");
        assertThat(tmp.resolve("x.csv")).doesNotExist();
    }

    @Test
    void batchWritesEveryCaseAndAnErrorRowForTheBrokenOne() throws IOException {
        Path broken = Files.writeString(tmp.resolve("broken.nrrd"), "NRRD0004\ntype: nonsense\n\n");
        Path cases = tmp.resolve("cases.csv");
        Files.writeString(cases, "ID,Image,Mask\n"
                + "brain1," + TestData.data("pyradiomics/data/brain1_image.nrrd") + "," + TestData.data("pyradiomics/data/brain1_label.nrrd") + "\n"
                + "bad,broken.nrrd," + TestData.data("pyradiomics/data/brain1_label.nrrd") + "\n");
        RadiomicsTool t = tool();
        ExtractionSettings s = t.settings(null, null, null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = tmp.resolve("batch.csv");
        RadiomicsTool.BatchResult r = t.batch(cases, out, s, "default", 2, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(r.extracted()).isEqualTo(1);
        assertThat(r.failures()).hasSize(1);
        assertThat(r.failures().get(0)).startsWith("case 2 (broken.nrrd): ").contains(broken.toString());
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("/2] case 1", ": ok", "failed: ");
        List<CSVRecord> rows = read(out);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("ID")).isEqualTo("brain1");
        assertThat(rows.get(0).get("error")).isEmpty();
        assertThat(Double.parseDouble(rows.get(0).get("original_firstorder_Mean"))).isFinite();
        assertThat(rows.get(1).get("ID")).isEqualTo("bad");
        assertThat(rows.get(1).get("original_firstorder_Mean")).isEmpty();
        assertThat(rows.get(1).get("error")).contains(broken.toString()).doesNotContain("\n");
    }

    @Test
    void batchWithoutImageColumnIsATypedError() throws IOException {
        Path cases = Files.writeString(tmp.resolve("cases.csv"), "Img,Mask\na,b\n");
        assertThatThrownBy(() -> tool().batch(cases, tmp.resolve("o.csv"), RadiomicsTool.defaultSettings(), "d", 1, System.out))
                .isInstanceOf(StageException.class).hasMessageContaining("Image and Mask");
    }

    static List<CSVRecord> read(Path csv) throws IOException {
        try (Reader in = Files.newBufferedReader(csv)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new java.util.ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}
