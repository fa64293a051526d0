package org.covidmtl.segmentation.ds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.segmentation.ClassicalSegmenter;
import org.covidmtl.segmentation.RefinedSegmenter;
import org.covidmtl.segmentation.TestData;
import org.covidmtl.volume.io.CovidMtlFormat;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NiftiWriter;
import org.covidmtl.volume.io.NrrdReader;
import org.covidmtl.volume.io.NrrdWriter;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gogo commands over a stage directory holding the platform's real readers, writers and segmenters. */
class LungCommandsTest {

    @TempDir
    Path dir;

    private static StageDirectoryDouble platform() {
        StageDirectoryDouble d = new StageDirectoryDouble();
        CovidMtlFormat dtm = new CovidMtlFormat();
        d.add(StageProperties.STAGE_VOLUME_READER, "dicom", new DicomSeriesReader());
        d.add(StageProperties.STAGE_VOLUME_READER, "nifti", new NiftiReader());
        d.add(StageProperties.STAGE_VOLUME_READER, "nrrd", new NrrdReader());
        d.add(StageProperties.STAGE_VOLUME_READER, "covid-mtl-dtm", dtm);
        d.add(StageProperties.STAGE_VOLUME_WRITER, "nifti", new NiftiWriter());
        d.add(StageProperties.STAGE_VOLUME_WRITER, "nrrd", new NrrdWriter());
        d.add(StageProperties.STAGE_VOLUME_WRITER, "covid-mtl-dtm", dtm);
        d.add(StageProperties.STAGE_SEGMENTER, "classical", new ClassicalSegmenter());
        d.add(StageProperties.STAGE_SEGMENTER, "refined",
                new RefinedSegmenter(new ClassicalSegmenter(), RefinedSegmenter.Settings.paper()));
        return d;
    }

    @Test
    void segmentScoreAndOverlayPrintWhatTheyDid() {
        StageDirectoryDouble d = platform();
        LungCommands lung = new LungCommands(d);
        String ct = TestData.data("totalsegmentator/example_ct_sm.nii.gz").toString();
        d.setDefault(StageProperties.STAGE_SEGMENTER, "refined"); // mtl:use segmenter refined
        String out = lung.segment("", ct, dir.resolve("ex.nii.gz").toString());
        System.out.println(out);
        assertThat(out).startsWith("refined: right lung 72.7 ml, left lung 42.6 ml;")
                .contains("\nright lung 72.7 ml, left lung 42.6 ml (refined, ", "\nwrote " + dir.resolve("ex-masked-ct.nii.gz"));
        assertThat(lung.segment("classical", ct, dir.resolve("c.nii.gz").toString())).startsWith("classical: ");

        String lobes = TestData.data("totalsegmentator/example_seg.nii.gz").toString();
        String score = lung.score("10,11,12,13,14", dir.resolve("ex.nii.gz").toString(), lobes);
        assertThat(score).startsWith("Dice 0.9660\nJaccard 0.9342\nMCC 0.9656\n").contains("\nHD95 3.00 mm\n");

        // the paper's .dmm keeps no geometry (1 mm, origin 0): it is refused against the CT's grid
        lung.segment("", ct, dir.resolve("ex.dmm").toString());
        assertThatThrownBy(() -> lung.score("", dir.resolve("ex.dmm").toString(), lobes))
                .isInstanceOf(StageException.class)
                .hasMessageStartingWith(lobes + ": lies on another grid (122×101×30, spacing 3.000×3.000×3.000 mm")
                .hasMessageContaining(") than " + dir.resolve("ex.dmm") + " (122×101×30, spacing 1.000×1.000×1.000 mm");

        String overlay = lung.overlay(-1, ct, dir.resolve("c.nii.gz").toString(), dir.resolve("ex.nii.gz").toString(),
                dir.resolve("o.png").toString());
        assertThat(overlay).startsWith("slice 29 of 30, c | ex: ");
        assertThat(dir.resolve("o.png")).isNotEmptyFile();
    }

    @Test
    void aBatchWithAFailedStudyFinishesTheOthersThenFails() throws IOException {
        LungCommands lung = new LungCommands(platform());
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.createSymbolicLink(in.resolve("ex.nii.gz"), TestData.data("totalsegmentator/example_ct_sm.nii.gz"));
        Files.createSymbolicLink(in.resolve("seg.nii.gz"), TestData.data("totalsegmentator/example_seg.nii.gz"));
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> lung.batch("classical", 2, "dmm", in.toString(), out.toString()))
                .isInstanceOf(StageException.class).hasMessage(in + ": 1 of 2 studies failed (listed above)");
        assertThat(out.resolve("ex.dmm")).isNotEmptyFile();
        assertThat(out.resolve("ex.dtm")).isNotEmptyFile();
        assertThat(Files.readAllLines(out.resolve("volumes.csv"))).hasSize(3);
        assertThatThrownBy(() -> lung.batch("watershed", 1, "nii.gz", in.toString(), out.toString()))
                .isInstanceOf(StageException.class)
                .hasMessage("--method watershed: no segmenter of that name is registered (registered: classical, refined)");
    }
}
