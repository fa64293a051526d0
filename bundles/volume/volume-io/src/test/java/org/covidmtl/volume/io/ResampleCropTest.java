package org.covidmtl.volume.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.volume.io.Resampler.Interpolation;
import org.covidmtl.volume.io.Resampler.Mapping;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResampleCropTest {
    static Volume phantom;

    @BeforeAll
    static void load() {
        phantom = new NiftiReader().read(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz"), Map.of(),
                Progress.none()).volume();
    }

    /**
     * Reference values from scipy 1.17 {@code ndimage.zoom(a, spacing / 1, order=o, mode='nearest')} on the IBSI
     * phantom (array z, y, x): shape (180, 196, 199); mean, min, max, a[90,100,100], a[17,33,150], a[179,195,198].
     */
    static final double[][] SCIPY = {
            {3, -266.6393801148153, -1216.9519222436531, 3497.8157898250265, 38.42059460495449, 43.10512743661432, -395.000000000004},
            {1, -266.6551775364752, -1000.0000000000003, 2871.5508175871323, 31.802337947589223, 53.14884556784032, -395.0000000000075},
            {0, -266.8719249592634, -1000.0, 3065.0, 35.0, 48.0, -395.0}};

    @Test
    void zoomMappingMatchesScipy() {
        for (double[] ref : SCIPY) {
            Interpolation ip = ref[0] == 3 ? Interpolation.CUBIC : ref[0] == 1 ? Interpolation.LINEAR : Interpolation.NEAREST;
            Volume z = Resampler.resample(phantom, new double[] {1, 1, 1}, ip, Mapping.ZOOM, Progress.none());
            assertThat(z.geometry().size()).containsExactly(199, 196, 180);
            double[] mmm = z.minMaxMean();
            double tol = ip == Interpolation.CUBIC ? 0.02 : 1e-3;
            assertThat(mmm[2]).as(ip + " mean").isCloseTo(ref[1], within(ip == Interpolation.NEAREST ? 0.05 : tol));
            if (ip != Interpolation.NEAREST) {
                assertThat(mmm[0]).as(ip + " min").isCloseTo(ref[2], within(tol * 10));
                assertThat(mmm[1]).as(ip + " max").isCloseTo(ref[3], within(tol * 10));
                assertThat(z.get(100, 100, 90)).as(ip + " a[90,100,100]").isCloseTo((float) ref[4], within((float) tol));
                assertThat(z.get(150, 33, 17)).as(ip + " a[17,33,150]").isCloseTo((float) ref[5], within((float) tol));
            }
            assertThat(z.get(198, 195, 179)).isCloseTo((float) ref[6], within(0.01f));
            System.out.printf("resample %s vs scipy zoom: mean %.6f (scipy %.6f)%n", ip, mmm[2], ref[1]);
        }
    }

    @Test
    void physicalMappingKeepsOriginAndHitsTargetSpacing() {
        Volume r = Resampler.resample(phantom, new double[] {1, 1, 1}, Interpolation.LINEAR, Progress.none());
        VolumeGeometry g = r.geometry();
        assertThat(g.spacing()).containsExactly(1, 1, 1);
        assertThat(g.origin()).containsExactly(phantom.geometry().origin());
        // a voxel that falls on an input voxel centre along every axis: 0.977·k·3 ... use (0,0,3): z = 3 mm = input slice 1
        assertThat(r.get(0, 0, 3)).isEqualTo(phantom.get(0, 0, 1));
        // linear interpolation of a linear ramp is exact
        VolumeGeometry rg = VolumeGeometry.axial(new int[] {10, 8, 6}, new double[] {2, 2, 2}, new double[3]);
        float[] ramp = new float[480];
        for (int k = 0; k < 6; k++) {
            for (int j = 0; j < 8; j++) {
                for (int i = 0; i < 10; i++) {
                    ramp[rg.index(i, j, k)] = 3 * i - 2 * j + 5 * k;
                }
            }
        }
        Volume rr = Resampler.resample(new Volume(rg, ramp), new double[] {1, 1, 1}, Interpolation.LINEAR, Progress.none());
        assertThat(rr.geometry().size()).containsExactly(20, 16, 12);
        assertThat(rr.get(5, 7, 3)).isCloseTo(3 * 2.5f - 2 * 3.5f + 5 * 1.5f, within(1e-4f));
        // cubic B-spline reproduces a linear ramp too (away from the clamped edges)
        Volume rc = Resampler.resample(new Volume(rg, ramp), new double[] {1, 1, 1}, Interpolation.CUBIC, Progress.none());
        assertThat(rc.get(7, 5, 5)).isCloseTo(3 * 3.5f - 2 * 2.5f + 5 * 2.5f, within(0.05f));
    }

    @Test
    void maskResamplingNearestAndPartialVolume() {
        Mask m = new Mask(new NiftiReader().read(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz"), Map.of(),
                Progress.none()).volume().geometry(), toLabels(new NiftiReader().read(
                        TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz"), Map.of(), Progress.none()).volume()));
        double volBefore = m.count() * 0.977 * 0.977 * 3.0;
        Mask nn = Resampler.resample(m, new double[] {1, 1, 1}, false, 0.5, Progress.none());
        Mask pv = Resampler.resample(m, new double[] {1, 1, 1}, true, 0.5, Progress.none());
        // the GTV volume (~358.7 cm³) is preserved within 2 %
        assertThat(nn.count() * 1.0).isCloseTo(volBefore, within(0.02 * volBefore));
        assertThat(pv.count() * 1.0).isCloseTo(volBefore, within(0.02 * volBefore));
        assertThat(volBefore / 1000).isCloseTo(358.7, within(0.5));
    }

    static byte[] toLabels(Volume v) {
        float[] f = v.voxels();
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = (byte) f[i];
        }
        return b;
    }

    @Test
    void centreCropPadToReferenceSizeAndNetworkCrops() {
        // phantom 60 x 201 x 204 (slices, rows, cols): slices padded, rows/cols padded (mixed per axis is fine)
        Volume c = Cropper.centre(phantom, Cropper.REFERENCE_SIZE, -1024f);
        assertThat(c.geometry().size()).containsExactly(390, 390, 340);
        int[] off = Cropper.centreOffsets(phantom.geometry(), Cropper.REFERENCE_SIZE);
        assertThat(off).containsExactly(-140, -94, -93); // floor(|shape - target| / 2)
        assertThat(c.get(93, 94, 140)).isEqualTo(phantom.get(0, 0, 0));
        assertThat(c.get(0, 0, 0)).isEqualTo(-1024f);
        // same physical point
        assertThat(c.geometry().toPhysical(93, 94, 140)).containsExactly(phantom.geometry().toPhysical(0, 0, 0), within(1e-9));
        // a big volume is cropped from the centre
        VolumeGeometry big = VolumeGeometry.axial(new int[] {400, 401, 345}, new double[] {1, 1, 1}, new double[3]);
        float[] v = new float[(int) big.voxelCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Volume bc = Cropper.centre(new Volume(big, v), Cropper.REFERENCE_SIZE, 0);
        assertThat(Cropper.centreOffsets(big, Cropper.REFERENCE_SIZE)).containsExactly(2, 5, 5);
        assertThat(bc.get(0, 0, 0)).isEqualTo((float) big.index(5, 5, 2));
        // network input crops: test offsets (70,70,70), training offsets on the reference's lattice
        Volume in = Cropper.window(bc, Cropper.TEST_OFFSETS, Cropper.INPUT_SIZE, 0);
        assertThat(in.geometry().size()).containsExactly(250, 250, 200);
        assertThat(in.get(0, 0, 0)).isEqualTo(bc.get(70, 70, 70));
        Random r = new Random(11);
        for (int t = 0; t < 200; t++) {
            int[] o = Cropper.randomOffsets(r);
            assertThat(o[0]).isBetween(50, 100);
            assertThat(o[0] % 10).isZero();
            assertThat(o[1]).isBetween(20, 80);
            assertThat(o[2]).isBetween(20, 80);
            assertThat(o[1] % 10 + o[2] % 10).isZero();
        }
    }
}
