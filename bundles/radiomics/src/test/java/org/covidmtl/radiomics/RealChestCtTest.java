package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * The paper's 375-vector ({@code config/radiomics/covid-mtl-375.yaml}) on a real CT with real lungs:
 * TotalSegmentator's example CT (lung bases, 3 mm) with its five lung-lobe labels (10-14) as the lung
 * mask, prepared as the reference prepares its input: values HU + 1024 inside the lungs, 0 outside,
 * mask = voxels &gt; 0.
 */
class RealChestCtTest {
    static final int[] LUNG_LABELS = {10, 11, 12, 13, 14};

    /** The reference's input: HU + 1024 in the lungs (clamped at 0, as its uint cast), 0 elsewhere. */
    static Volume lungImage(Volume ct, Mask seg) {
        float[] hu = ct.voxels();
        byte[] l = seg.labels();
        float[] v = new float[hu.length];
        for (int i = 0; i < v.length; i++) {
            int label = l[i] & 0xff;
            if (Arrays.stream(LUNG_LABELS).anyMatch(x -> x == label)) {
                v[i] = Math.max(0, hu[i] + 1024);
            }
        }
        return new Volume(ct.geometry(), v);
    }

    /** Mask = voxels &gt; 0, label 1. */
    static Mask positive(Volume v) {
        float[] f = v.voxels();
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = (byte) (f[i] > 0 ? 1 : 0);
        }
        return new Mask(v.geometry(), b);
    }

    @Test
    void the375VectorOfARealLungIsFiniteAndNamedAsRadiomicsCsv() throws IOException {
        Volume ct = TestData.volume(TestData.data("totalsegmentator/example_ct_sm.nii.gz"));
        Mask seg = TestData.mask(TestData.data("totalsegmentator/example_seg.nii.gz"));
        Volume image = lungImage(ct, seg);
        Mask mask = positive(image);
        assertThat(mask.count()).as("lung voxels").isGreaterThan(4_000);
        ExtractionSettings s = SettingsReader.read(SettingsFileTest.config("covid-mtl-375.yaml"));
        FeatureResult r = new RadiomicsEngine("radiomics", "test").extract(image, mask, s, Progress.none());
        String header = Files.newBufferedReader(TestData.data("covid-mtl/radiomics.csv")).readLine();
        List<String> columns = Arrays.asList(header.trim().split(","));
        assertThat(r.features().names()).containsExactlyElementsOf(columns.subList(1, columns.size()));
        List<String> notFinite = new ArrayList<>();
        double[] v = r.features().values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                notFinite.add(r.features().names().get(i) + "=" + v[i]);
            }
        }
        assertThat(notFinite).isEmpty();
        assertThat(r.warnings()).isEmpty();
        // plausibility of the lung's intensities: aerated lung is mostly below -500 HU, i.e. < 524 here
        assertThat(r.features().get("Median")).isBetween(0.0, 524.0);
        assertThat(r.features().get("Minimum")).isGreaterThanOrEqualTo(0.0);
    }
}
