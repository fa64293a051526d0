package org.covidmtl.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.segmentation.tool.LungBatch;
import org.covidmtl.segmentation.tool.LungTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lung:batch over a folder of real studies (links to the shared data) with two that cannot be segmented. */
class LungBatchTest {

    @TempDir
    Path dir;

    @Test
    void segmentsTheGoodStudiesAndReportsTheBadOnesWithoutAborting() throws IOException {
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.createSymbolicLink(in.resolve("example_ct_sm.nii.gz"), TestData.data("totalsegmentator/example_ct_sm.nii.gz"));
        Files.createSymbolicLink(in.resolve("pulmonary.nii.gz"), TestData.data("totalsegmentator/pulmonary_ct_cropped.nii.gz"));
        // a label file: values 0..~100, no air: not HU
        Files.createSymbolicLink(in.resolve("labels.nii.gz"), TestData.data("totalsegmentator/example_seg.nii.gz"));
        Files.writeString(in.resolve("notes.txt"), "not a volume\n");
        Path out = dir.resolve("out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LungBatch.Result r = new LungBatch(new LungTool(new TestStages())).run(in, out, "classical", "nii.gz", 2,
                Progress.none(), new PrintStream(log, true, StandardCharsets.UTF_8));
        System.out.print(log.toString(StandardCharsets.UTF_8));
        assertThat(r.studies()).extracting(LungBatch.Study::name)
                .containsExactly("example_ct_sm", "labels", "notes.txt", "pulmonary");
        assertThat(r.failed()).extracting(LungBatch.Study::name).containsExactly("labels", "notes.txt");
        assertThat(r.failed().get(0).problem()).startsWith(in.resolve("labels.nii.gz") + ": values ")
                .contains("look like stored values");
        assertThat(r.failed().get(1).problem()).startsWith(in.resolve("notes.txt") + ": no registered volume reader");
        for (String s : List.of("example_ct_sm", "pulmonary")) {
            assertThat(out.resolve(s + ".nii.gz")).exists();
            assertThat(out.resolve(s + "-masked-ct.nii.gz")).exists();
            assertThat(out.resolve(s + ".json")).exists();
        }
        List<String> rows = Files.readAllLines(r.table());
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).isEqualTo("study,status,method,right_ml,left_ml,total_ml,seconds,warnings,problem");
        assertThat(rows.get(1)).startsWith("example_ct_sm,ok,classical,");
        assertThat(rows.get(2)).startsWith("labels,failed,,,,,,,");
        // the README's figures for the cropped chest: right 661.7 ml, left 679.0 ml
        assertThat(rows.get(4)).startsWith("pulmonary,ok,classical,661.");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("failed labels: ", "ok     pulmonary: right lung 661.");
    }

    @Test
    void refusesAnUnknownMethodBeforeAnyStudy() {
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> new LungBatch(new LungTool(new TestStages())).run(TestData.data("totalsegmentator"), out,
                "watershed", "nii.gz", 1, Progress.none(), System.out)).isInstanceOf(StageException.class)
                .hasMessage("--method watershed: no segmenter of that name is registered");
        assertThat(out).doesNotExist();
    }
}
