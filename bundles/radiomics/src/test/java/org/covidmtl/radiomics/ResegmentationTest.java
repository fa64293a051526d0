package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.covidmtl.api.features.EmptyMaskException;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.features.ImageProcessing.ResegmentMode;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.junit.jupiter.api.Test;

/**
 * Re-segmentation by range (absolute, relative, sigma: PyRadiomics' resegmentMode) and IBSI's outlier filtering
 * ({@code resegmentOutliers}): hand-worked bounds on an 11-voxel region, then the IBSI CT phantom's GTV.
 */
class ResegmentationTest {
    /** One row of 11 voxels, all in the mask: 0, nine times 10, 100. */
    static final float[] ROW = {0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 100};

    static Volume row() {
        return new Volume(geometry(ROW.length), ROW.clone());
    }

    static Mask all(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 1);
        return new Mask(geometry(n), b);
    }

    static VolumeGeometry geometry(int n) {
        return new VolumeGeometry(new int[] {n, 1, 1}, new double[] {1, 1, 1}, new double[3], new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    static ExtractionSettings settings(List<Double> range, ResegmentMode mode, Double outliers) {
        return ExtractionSettings.builder().resegmentRange(range)
                .processing(ImageProcessing.PYRADIOMICS.withResegmentMode(mode).withResegmentOutliers(outliers)).build();
    }

    @Test
    void handWorkedBounds() {
        Volume v = row();
        Mask m = all(ROW.length);
        // mean 190/11, population variance (190²/11 … ) = 7618.18/11: sigma 26.3165
        double mean = 190.0 / 11;
        double sigma = Math.sqrt((mean * mean + 9 * (10 - mean) * (10 - mean) + (100 - mean) * (100 - mean)) / 11);
        assertThat(sigma).isCloseTo(26.3165, org.assertj.core.data.Offset.offset(1e-4));

        // outliers only, 3 sigma: [mean - 78.95, mean + 78.95] = [-61.68, 96.22]: 100 leaves, 0 stays
        double[] b = RoiFactory.bounds(v, m, settings(List.of(), ResegmentMode.ABSOLUTE, 3.0));
        assertThat(b[0]).isCloseTo(mean - 3 * sigma, within());
        assertThat(b[1]).isCloseTo(mean + 3 * sigma, within());
        assertThat(RoiFactory.of(v, m, settings(List.of(), ResegmentMode.ABSOLUTE, 3.0)).count).isEqualTo(10);

        // PyRadiomics' sigma mode: [-0.5, 3] sigma = [4.11, 96.22]: 0 and 100 leave
        ExtractionSettings sig = settings(List.of(-0.5, 3.0), ResegmentMode.SIGMA, null);
        b = RoiFactory.bounds(v, m, sig);
        assertThat(b[0]).isCloseTo(mean - 0.5 * sigma, within());
        assertThat(b[1]).isCloseTo(mean + 3 * sigma, within());
        assertThat(RoiFactory.of(v, m, sig).count).isEqualTo(9);

        // relative mode: [0.05, 0.5] of the maximum 100 = [5, 50]
        ExtractionSettings rel = settings(List.of(0.05, 0.5), ResegmentMode.RELATIVE, null);
        assertThat(RoiFactory.bounds(v, m, rel)).containsExactly(5.0, 50.0);
        assertThat(RoiFactory.of(v, m, rel).count).isEqualTo(9);

        // IBSI's combination: the intersection of the range and of mean ± 3 sigma of the whole region, [5, 200] ∩
        // [-61.68, 96.22] = [5, 96.22]: 0 and 100 leave. (Outliers over what the range kept would be [-62, 100] — mean 19,
        // sigma 27 — and keep 100.)
        ExtractionSettings ibsi = settings(List.of(5.0, 200.0), ResegmentMode.ABSOLUTE, 3.0);
        b = RoiFactory.bounds(v, m, ibsi);
        assertThat(b[0]).isEqualTo(5.0);
        assertThat(b[1]).isCloseTo(mean + 3 * sigma, within());
        assertThat(RoiFactory.of(v, m, ibsi).count).isEqualTo(9);
    }

    @Test
    void nothingLeftNamesTheMethod() {
        ExtractionSettings s = settings(List.of(1000.0, 2000.0), ResegmentMode.ABSOLUTE, 3.0);
        assertThatThrownBy(() -> RoiFactory.of(row(), all(ROW.length), s)).isInstanceOf(EmptyMaskException.class)
                .hasMessageContaining("range [1000.0, 2000.0] absolute, outliers beyond 3.0 sigma");
    }

    /**
     * The IBSI CT phantom's GTV (125 256 voxels) filtered at 3 sigma: the kept voxels are exactly those of the mask within
     * mean ± 3 sigma of the whole GTV (counted here independently), fewer than before, their extremes inside the bounds.
     */
    @Test
    void outliersOnTheCtPhantom() {
        Volume image = TestData.volume(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz"));
        Mask mask = TestData.mask(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz"));
        float[] v = image.voxels();
        byte[] l = mask.labels();
        double sum = 0;
        long n = 0;
        for (int i = 0; i < v.length; i++) {
            if (l[i] == 1) {
                sum += v[i];
                n++;
            }
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < v.length; i++) {
            if (l[i] == 1) {
                ss += (v[i] - mean) * (v[i] - mean);
            }
        }
        double sigma = Math.sqrt(ss / n);
        long inside = 0;
        for (int i = 0; i < v.length; i++) {
            if (l[i] == 1 && v[i] >= mean - 3 * sigma && v[i] <= mean + 3 * sigma) {
                inside++;
            }
        }
        ExtractionSettings s = settings(List.of(), ResegmentMode.ABSOLUTE, 3.0);
        Roi before = RoiFactory.of(image, mask, RoiFactory.withoutResegmentation(s));
        Roi after = RoiFactory.of(image, mask, s);
        double[] values = after.regionValues(v, image.geometry().sizeX(), image.geometry().sizeY());
        double min = java.util.Arrays.stream(values).min().orElseThrow();
        double max = java.util.Arrays.stream(values).max().orElseThrow();
        System.out.printf("CT phantom GTV: %d voxels, mean %.2f HU, sigma %.2f HU; 3 sigma keeps %d in [%.0f, %.0f] HU%n",
                before.count, mean, sigma, after.count, min, max);
        assertThat(before.count).isEqualTo(125256);
        assertThat(after.count).isEqualTo(inside).isLessThan(before.count);
        assertThat(min).isGreaterThanOrEqualTo(mean - 3 * sigma);
        assertThat(max).isLessThanOrEqualTo(mean + 3 * sigma);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
