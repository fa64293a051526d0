package org.covidmtl.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.covidmtl.api.segmentation.SegmentationException;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.segmentation.ds.OverlapMetricsComponent;
import org.covidmtl.segmentation.io.LabelMasks;
import org.covidmtl.segmentation.io.OverlayImage;
import org.covidmtl.segmentation.tool.LungTool;
import org.covidmtl.volume.io.CovidMtlFormat;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NrrdReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lung:segment, lung:score and lung:overlay without OSGi, on TotalSegmentator's real example CT. */
class LungToolTest {
    private static final String CT = "totalsegmentator/example_ct_sm.nii.gz";
    private static final String LOBES = "totalsegmentator/example_seg.nii.gz";
    private final LungTool tool = new LungTool(new TestStages());

    @TempDir
    Path dir;

    @Test
    void segmentsWritesMaskMaskedCtAndSummaryThatScoreAgainstTheLobes() throws IOException {
        Path ct = TestData.data(CT);
        LungTool.Segmented s = tool.segment(ct, dir.resolve("ex.nii.gz"), null, 2, Progress.none());
        System.out.println(s.report());
        assertThat(s.method()).isEqualTo("refined");
        assertThat(s.files()).containsExactly(dir.resolve("ex.nii.gz"), dir.resolve("ex-masked-ct.nii.gz"),
                dir.resolve("ex.json"));
        assertThat(s.report()).contains("right lung", "left lung", " ml", "wrote " + dir.resolve("ex.json"));

        // the mask keeps the side labels; the masked CT is the CT inside them and -1024 outside
        LoadedVolume mask = new NiftiReader().read(dir.resolve("ex.nii.gz"), Map.of(), Progress.none());
        LoadedVolume masked = new NiftiReader().read(dir.resolve("ex-masked-ct.nii.gz"), Map.of(), Progress.none());
        float[] hu = TestData.nifti(CT).volume().voxels();
        byte[] labels = s.result().mask().labels();
        long inside = 0;
        for (int p = 0; p < hu.length; p++) {
            assertThat(mask.volume().voxels()[p]).isEqualTo(labels[p]);
            assertThat(masked.volume().voxels()[p]).isEqualTo(labels[p] != 0 ? hu[p] : -1024f);
            inside += labels[p] != 0 ? 1 : 0;
        }
        assertThat(inside).isGreaterThan(3_000); // lung bases only: about 115 ml

        String json = Files.readString(dir.resolve("ex.json"));
        SegmentationResult.Region right = s.result().region(SegmentationResult.RIGHT_LUNG);
        assertThat(json).contains("\"method\": \"refined\"", "\"name\": \"right lung\"",
                String.format(java.util.Locale.ROOT, "\"volume_ml\": %.3f", right.volumeMl()), "\"mask\": \"ex.nii.gz\"");

        // the written mask against TotalSegmentator's five lobes: the figure the README gives for refined
        MaskMetrics m = tool.score(dir.resolve("ex.nii.gz"), TestData.data(LOBES), LungTool.parseLabels("10,11,12,13,14"),
                Progress.none());
        System.out.println("lung:score refined vs lobes: " + m);
        assertThat(m.dice()).isGreaterThan(0.96);
        assertThat(m.hd95Mm()).isLessThanOrEqualTo(3.0 + 1e-9);
        // every non-zero label of the reference (liver, spleen, ...) is a much worse reference
        assertThat(tool.score(dir.resolve("ex.nii.gz"), TestData.data(LOBES), new int[0], Progress.none()).dice())
                .isLessThan(0.8);
    }

    @Test
    void writesThePapersDmmAndDtmPair() {
        Path ct = TestData.data(CT);
        LungTool.Segmented s = tool.segment(ct, dir.resolve("study.dmm"), "classical", 2, Progress.none());
        assertThat(s.files()).containsExactly(dir.resolve("study.dmm"), dir.resolve("study.dtm"), dir.resolve("study.json"));
        CovidMtlFormat f = new CovidMtlFormat();
        Mask dmm = f.read(dir.resolve("study.dmm"), Map.of(), Progress.none()).mask();
        float[] stored = f.read(dir.resolve("study.dtm"), Map.of("values", "stored"), Progress.none()).volume().voxels();
        float[] hu = TestData.nifti(CT).volume().voxels();
        byte[] labels = s.result().mask().labels();
        for (int p = 0; p < labels.length; p++) {
            // binary as the reference's .dmm; HU+1024 inside, 0 outside as its .dtm
            assertThat(dmm.labels()[p]).isEqualTo(labels[p] != 0 ? (byte) 1 : 0);
            assertThat(stored[p]).isEqualTo(labels[p] != 0 ? Math.max(0, Math.round(hu[p]) + 1024) : 0f);
        }
    }

    @Test
    void writesNrrdAndRefusesAnUnknownEnding() {
        Path ct = TestData.data(CT);
        tool.segment(ct, dir.resolve("ex.nrrd"), "classical", 2, Progress.none());
        LoadedVolume back = new NrrdReader().read(dir.resolve("ex-masked-ct.nrrd"), Map.of(), Progress.none());
        assertThat(back.volume().minMaxMean()[0]).isEqualTo(-1024.0);
        assertThatThrownBy(() -> tool.segment(ct, dir.resolve("ex.png"), "classical", 2, Progress.none()))
                .isInstanceOf(SegmentationException.class)
                .hasMessageStartingWith(dir.resolve("ex.png") + ": output name must end with one of .nii.gz");
    }

    @Test
    void scoreOnAnotherGridNamesBothGeometries() {
        Path ct = TestData.data(CT);
        tool.segment(ct, dir.resolve("ex.nii.gz"), "classical", 2, Progress.none());
        Path other = TestData.data("totalsegmentator/example_seg_dicom.nii.gz");
        assertThatThrownBy(() -> tool.score(dir.resolve("ex.nii.gz"), other, new int[0], Progress.none()))
                .isInstanceOf(SegmentationException.class)
                .hasMessageStartingWith(other + ": lies on another grid (512×512×20, spacing 0.9766×0.9766×2.000 mm")
                .hasMessageContaining(") than " + dir.resolve("ex.nii.gz") + " (122×101×30, spacing 3.000×3.000×3.000 mm")
                .hasMessageEndingWith("; resample it first");
        assertThatThrownBy(() -> LungTool.parseLabels("10,lung")).isInstanceOf(SegmentationException.class)
                .hasMessage("--labels 10,lung: not a comma-separated list of labels 1..255");
    }

    @Test
    void overlayDrawsClassicalAndRefinedSideBySideOnTheFullestSlice() throws IOException {
        Path ct = TestData.data(CT);
        tool.segment(ct, dir.resolve("classical.nii.gz"), "classical", 2, Progress.none());
        LungTool.Segmented refined = tool.segment(ct, dir.resolve("refined.nii.gz"), "refined", 2, Progress.none());
        Path png = dir.resolve("overlay.png");
        String line = tool.overlay(ct, List.of(dir.resolve("classical.nii.gz"), dir.resolve("refined.nii.gz")), -1, png,
                Progress.none());
        System.out.println(line);
        int fullest = OverlayImage.fullestSlice(
                LabelMasks.of(new NiftiReader().read(dir.resolve("classical.nii.gz"), Map.of(), Progress.none())));
        assertThat(line).startsWith("slice " + fullest + " of 30, classical | refined: ");
        BufferedImage img = ImageIO.read(png.toFile());
        // 122 columns magnified 4× to 488 per panel, 6 pixels apart; 101 rows → 404 + a 22-pixel title
        assertThat(img.getWidth()).isEqualTo(2 * 488 + 6);
        assertThat(img.getHeight()).isEqualTo(404 + 22);
        long red = 0, blue = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                red += rgb == 0xff3c3c ? 1 : 0;
                blue += rgb == 0x3ca0ff ? 1 : 0;
            }
        }
        assertThat(red).isGreaterThan(200);
        assertThat(blue).isGreaterThan(200);
        assertThat(refined.result().region(SegmentationResult.LEFT_LUNG).voxels()).isPositive();
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".part")).count()).isZero();
        assertThatThrownBy(() -> tool.overlay(ct, List.of(dir.resolve("classical.nii.gz")), 30, png, Progress.none()))
                .isInstanceOf(SegmentationException.class).hasMessage(ct + ": has slices 0..29, not 30");
    }

    @Test
    void overlapMetricsServiceAgreesWithMaskMetrics() {
        LoadedVolume lv = TestData.nifti(CT);
        SegmentationResult r = Lungs.classical(lv, SegmentationOptions.defaults());
        Mask lobes = LabelMasks.of(TestData.nifti(LOBES));
        Map<String, Double> scores = new OverlapMetricsComponent().score(r.mask(), lobes,
                new int[] {10, 11, 12, 13, 14});
        MaskMetrics m = MaskMetrics.compare(lv.volume().geometry(), MaskMetrics.nonZero(r.mask().labels()),
                lobes.geometry(), Lungs.labelsIn(TestData.nifti(LOBES).volume(), 10, 14));
        assertThat(scores.keySet()).containsExactly("dice", "jaccard", "mcc", "precision", "recall", "hd95_mm");
        assertThat(scores.get("dice")).isCloseTo(m.dice(), within(1e-12)).isGreaterThan(0.96);
        assertThat(scores.get("hd95_mm")).isEqualTo(m.hd95Mm());
    }
}
