package org.covidmtl.volume.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.ConsoleProgress;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeToolTest {
    @TempDir
    Path tmp;

    final VolumeTool tool = new VolumeTool(VolumeIO.standard());

    @Test
    void infoReportsSeriesGeometryAndStatistics() {
        String s = tool.info(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/dicom"), Map.of(), Progress.none());
        assertThat(s).contains("chose series").contains("204 x 201 x 60").contains("0.9770 x 0.9770 x 3.0000")
                .contains("min -1000.00  max 3065.00  mean -266.47").contains("(RAI)").contains("125256 voxels labelled");
        String d = tool.info(TestData.data("covid-mtl/sample.dtm"), Map.of(), Progress.none());
        assertThat(d).contains("COVID-MTL").contains("5 x 6 x 3").contains("no geometry");
    }

    @Test
    void convertDicomToNiftiResampledAndBack() {
        Path out = tmp.resolve("ibsi.nii.gz");
        String r = tool.convert(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/dicom"), out, 1, "cubic", Map.of(),
                new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), "t"));
        assertThat(r).contains("wrote").contains("mask");
        LoadedVolume lv = new NiftiReader().read(out, Map.of(), Progress.none());
        assertThat(lv.volume().geometry().spacing()).containsExactly(new double[] {1, 1, 1}, within(1e-6));
        assertThat(lv.volume().geometry().size()).containsExactly(199, 196, 180);
        assertThat(lv.volume().minMaxMean()[2]).isCloseTo(-266.6, within(2.0));
        assertThat(Files.exists(tmp.resolve("ibsi-mask.nii.gz"))).isTrue();
        // to the COVID-MTL format and back: HU+1024 storage, rounding to integers
        Path dtm = tmp.resolve("ibsi.dtm");
        tool.convert(TestData.data("totalsegmentator/example_ct_sm.nii.gz"), dtm, 0, "linear", Map.of(), Progress.none());
        LoadedVolume back = VolumeIO.standard().read(dtm, Map.of(), Progress.none());
        LoadedVolume orig = new NiftiReader().read(TestData.data("totalsegmentator/example_ct_sm.nii.gz"), Map.of(), Progress.none());
        // integer HU >= -1024 survive exactly; lower values are clipped to 0 stored (-1024 HU)
        float[] a = orig.volume().voxels();
        float[] b = back.volume().voxels();
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isEqualTo(Math.max(-1024f, a[i]));
        }
    }

    @Test
    void batchConvertsStudiesInParallelAndSkipsAFailedOne() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        Files.copy(TestData.data("totalsegmentator/example_ct_sm.nii.gz"), in.resolve("a.nii.gz"));
        Files.copy(TestData.data("pyradiomics/data/breast1_image.nrrd"), in.resolve("b.nrrd"));
        Path study = Files.createDirectories(in.resolve("c"));
        for (String f : new String[] {"DCM_IMG_00000.dcm", "DCM_IMG_00001.dcm", "DCM_IMG_00002.dcm"}) {
            Files.copy(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/dicom/image/" + f), study.resolve(f));
        }
        byte[] broken = Files.readAllBytes(TestData.data("pyradiomics/data/brain1_image.nrrd"));
        Files.write(in.resolve("d.nrrd"), java.util.Arrays.copyOf(broken, broken.length / 3));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        VolumeTool.BatchResult r = tool.batch(in, out, "nrrd", 0, "linear", 2, Map.of(), Progress.none(), new PrintStream(log));
        assertThat(r.converted()).hasSize(3);
        assertThat(r.failed()).hasSize(1);
        assertThat(r.failed().get(0)).contains("d.nrrd").contains("truncated");
        assertThat(Files.exists(out.resolve("a.nrrd"))).isTrue();
        assertThat(Files.exists(out.resolve("c.nrrd"))).isTrue();
        LoadedVolume c = new NrrdReader().read(out.resolve("c.nrrd"), Map.of(), Progress.none());
        assertThat(c.volume().geometry().size()).containsExactly(204, 201, 3);
        assertThat(log.toString()).contains("failed (skipped)");
    }
}
