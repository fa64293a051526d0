package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IBSI families PyRadiomics lacks (histogram, ivh, gldzm, localintensity, and the extras of first order, GLCM,
 * GLDM): hand-computed cases, the typed errors, and that whole PyRadiomics classes stay PyRadiomics' classes.
 */
class IbsiFamiliesTest {
    final RadiomicsEngine engine = new RadiomicsEngine("radiomics", "test");

    @Test
    void wholeClassesStayPyRadiomicsClasses() {
        assertThat(FeatureCatalog.defaults(FeatureClass.FIRSTORDER)).hasSize(18)
                .doesNotContain("MedianAbsoluteDeviation", "QuartileCoefficientOfDispersion");
        assertThat(FeatureCatalog.defaults(FeatureClass.GLCM)).hasSize(24).doesNotContain("SumVariance");
        assertThat(FeatureCatalog.defaults(FeatureClass.GLDM)).hasSize(14)
                .doesNotContain("GrayLevelNonUniformityNormalized", "DependencePercentage", "DependenceEnergy");
        assertThat(FeatureCatalog.defaults(FeatureClass.GLRLM)).contains("GrayLevelNonUniformityNormalized");
        assertThat(FeatureCatalog.defaults(FeatureClass.GLDZM)).hasSize(16);
        assertThat(FeatureCatalog.defaults(FeatureClass.HISTOGRAM)).hasSize(23);
    }

    /** A 5 × 5 × 5 cube (1 mm) of level 1 with a 3 × 3 × 3 core of level 2 and a centre of level 3. */
    @Test
    void distanceZonesOfNestedCubes() {
        int n = 7;
        float[] v = new float[n * n * n];
        byte[] m = new byte[n * n * n];
        for (int z = 1; z < 6; z++) {
            for (int y = 1; y < 6; y++) {
                for (int x = 1; x < 6; x++) {
                    int i = x + n * (y + n * z);
                    m[i] = 1;
                    int shell = Math.min(Math.min(Math.min(x, 6 - x), Math.min(y, 6 - y)), Math.min(z, 6 - z));
                    v[i] = shell;
                }
            }
        }
        VolumeGeometry g = new VolumeGeometry(new int[] {n, n, n}, new double[] {1, 1, 1}, new double[3],
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        ExtractionSettings s = ExtractionSettings.builder().binWidth(1)
                .enable(ImageType.ORIGINAL, FeatureClass.GLDZM, List.of("ZonePercentage", "SmallDistanceEmphasis",
                        "LargeDistanceEmphasis", "ZoneDistanceVariance"))
                .build();
        FeatureResult r = engine.extract(new Volume(g, v), new Mask(g, m), s, Progress.none());
        // three zones (the shell at distance 1, the core shell at 2, the centre at 3) of 125 voxels
        assertThat(r.features().get("original_gldzm_ZonePercentage")).isEqualTo(3 / 125.0);
        assertThat(r.features().get("original_gldzm_SmallDistanceEmphasis")).isCloseTo((1 + 1 / 4.0 + 1 / 9.0) / 3,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.features().get("original_gldzm_LargeDistanceEmphasis")).isCloseTo((1 + 4 + 9) / 3.0,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.features().get("original_gldzm_ZoneDistanceVariance")).isCloseTo(2 / 3.0,
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void distanceMapCountsFaceStepsToTheEdge() {
        boolean[] inside = new boolean[27];
        java.util.Arrays.fill(inside, true);
        Roi cube = new Roi(new int[] {0, 0, 0}, new int[] {2, 2, 2}, inside, new double[] {1, 1, 1});
        int[] d = Gldzm.distanceMap(cube, false);
        assertThat(d[(1 + 1) + 5 * ((1 + 1) + 5 * (1 + 1))]).isEqualTo(2);
        assertThat(d[(0 + 1) + 5 * ((1 + 1) + 5 * (1 + 1))]).isEqualTo(1);
        // in-plane (2.5-D): the centre slice's centre is 2 steps from its slice's edge, the top slice's centre too
        int[] d2 = Gldzm.distanceMap(cube, true);
        assertThat(d2[(1 + 1) + 5 * ((1 + 1) + 5 * (2 + 1))]).isEqualTo(2);
    }

    @Test
    void ivhWithoutBinWidthNeedsIntegerIntensities() {
        assertThatThrownBy(() -> IntensityVolumeHistogram.compute(new double[] {1.5, 2}, null, null, List.of()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ivhBinWidth").hasMessageContaining("1.5");
        // bins [1.5, 2) and [2, 2.5), centres 1.75 and 2.25: half the volume is at least 2.25 (≤ 90 %), all at least 1.75
        Map<String, Double> f = IntensityVolumeHistogram.compute(new double[] {1.5, 2}, 0.5, null, List.of());
        assertThat(f.get("IntensityAtVolumeFraction90")).isEqualTo(2.25);
        assertThat(f.get("VolumeAtIntensityFraction10")).isEqualTo(0.5);
        assertThat(f.get("VolumeAtIntensityFraction90")).isEqualTo(0.5);
    }

    @Test
    void ivhOnABinCount() {
        // IBSI's fixed bin number, 4 bins over [0, 4]: 0 → 1, 1.9 → 2, 2 → 3, 3.5 → 4, 4 (the maximum) → 4
        assertThat(IntensityVolumeHistogram.binNumbers(new double[] {0, 1.9, 2, 3.5, 4}, 4)).containsExactly(1, 2, 3, 4, 4);
        // bin numbers 1 … 4 as intensities (the range ignored): gamma(i) = (i - 1)/3, nu = 1, 0.8, 0.6, 0.4
        Map<String, Double> f = IntensityVolumeHistogram.compute(new double[] {0, 1.9, 2, 3.5, 4}, null, 4, List.of(-1000.0, 400.0));
        assertThat(f.get("VolumeAtIntensityFraction10")).isEqualTo(0.8);
        assertThat(f.get("VolumeAtIntensityFraction90")).isEqualTo(0.4);
        assertThat(f.get("IntensityAtVolumeFraction90")).isEqualTo(2.0);
    }

    @Test
    void localIntensityOnlyOnTheOriginalImage() {
        ExtractionSettings s = ExtractionSettings.builder().enable(ImageType.WAVELET, FeatureClass.LOCALINTENSITY).build();
        assertThatThrownBy(() -> engine.featureNames(s)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("localintensity");
    }

    @Test
    void settingsNameTheirKey(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "setting:\n  meshTriangulation: lewiner\nimageType:\n  Original: {}\nfeatureClass:\n  shape:\n");
        assertThatThrownBy(() -> SettingsReader.read(f)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("meshTriangulation").hasMessageContaining("lewiner");
        Files.writeString(f, "setting:\n  ivhBinWidth: -1\nimageType:\n  Original: {}\nfeatureClass:\n  ivh:\n");
        assertThatThrownBy(() -> SettingsReader.read(f)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("ivhBinWidth");
        Files.writeString(f, "setting:\n  meshTriangulation: ibsi\n  ivhBinWidth: 2.5\nimageType:\n  Original: {}\n"
                + "featureClass:\n  ivh:\n");
        ImageProcessing p = SettingsReader.read(f).processing();
        assertThat(p.meshTriangulation()).isEqualTo(ImageProcessing.MeshTriangulation.IBSI);
        assertThat(p.ivhBinWidth()).isEqualTo(2.5);
    }

    @Test
    void ibsiMeshEnclosesMoreThanPyRadiomicsMesh() {
        Volume image = TestData.volume(TestData.data("ibsi/ibsi_1_digital_phantom/nifti/image/phantom.nii.gz"));
        Mask mask = TestData.mask(TestData.data("ibsi/ibsi_1_digital_phantom/nifti/mask/mask.nii.gz"));
        ExtractionSettings py = ExtractionSettings.builder().enable(ImageType.ORIGINAL, FeatureClass.SHAPE).build();
        ExtractionSettings ibsi = py.toBuilder()
                .processing(ImageProcessing.PYRADIOMICS.withMeshTriangulation(ImageProcessing.MeshTriangulation.IBSI)).build();
        double vPy = engine.extract(image, mask, py, Progress.none()).features().get("original_shape_MeshVolume");
        double vIbsi = engine.extract(image, mask, ibsi, Progress.none()).features().get("original_shape_MeshVolume");
        // the README's numbers: 549.3 (least area, PyRadiomics) and 556.3 (largest volume, IBSI 556 ± 4)
        assertThat(vPy).isCloseTo(549.3, org.assertj.core.data.Offset.offset(0.05));
        assertThat(vIbsi).isCloseTo(556.3, org.assertj.core.data.Offset.offset(0.05));
    }

    /** Moran's I and Geary's C by FFT against the direct O(N²) sums, on a random 6 × 5 × 4 region at anisotropic spacing. */
    @Test
    void moranAndGearyEqualTheDirectPairSums() {
        Random rnd = new Random(7);
        int nx = 6;
        int ny = 5;
        int nz = 4;
        boolean[] inside = new boolean[nx * ny * nz];
        List<double[]> pts = new java.util.ArrayList<>();
        List<Double> vals = new java.util.ArrayList<>();
        double[] sp = {0.8, 1.1, 2.5};
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    if (rnd.nextDouble() < 0.7) {
                        inside[x + nx * (y + ny * z)] = true;
                        pts.add(new double[] {x * sp[0], y * sp[1], z * sp[2]});
                        vals.add((double) rnd.nextInt(50));
                    }
                }
            }
        }
        Roi roi = new Roi(new int[] {0, 0, 0}, new int[] {nx - 1, ny - 1, nz - 1}, inside, sp);
        double[] v = vals.stream().mapToDouble(Double::doubleValue).toArray();
        int n = v.length;
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double ss = 0;
        double sw = 0;
        double mi = 0;
        double gc = 0;
        for (int i = 0; i < n; i++) {
            ss += (v[i] - mean) * (v[i] - mean);
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double[] a = pts.get(i);
                    double[] b = pts.get(j);
                    double w = 1 / Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
                    sw += w;
                    mi += w * (v[i] - mean) * (v[j] - mean);
                    gc += w * (v[i] - v[j]) * (v[i] - v[j]);
                }
            }
        }
        double[] mg = MorphologyExtras.moranGeary(roi, v);
        assertThat(mg[0]).isCloseTo(n / sw * mi / ss, org.assertj.core.data.Offset.offset(1e-10));
        assertThat(mg[1]).isCloseTo((n - 1) / (2 * sw) * gc / ss, org.assertj.core.data.Offset.offset(1e-10));
    }

    /** The convex hull of a cube's mesh is the box through its vertices; of an L-shape, the L with its notch filled. */
    @Test
    void convexHullOfMeshVertices() {
        long[] cube = new long[8];
        for (int k = 0; k < 8; k++) {
            cube[k] = SurfaceMesh.pack(2 * (k & 1), 2 * (k >> 1 & 1), 2 * (k >> 2 & 1));
        }
        double[] h = MorphologyExtras.convexHull(cube, new double[] {1, 2, 3});
        assertThat(h[0]).isCloseTo(6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(h[1]).isCloseTo(2 * (2 + 6 + 3), org.assertj.core.data.Offset.offset(1e-12));
        // an L in the x-y plane (3 unit squares) extruded by 1: the hull adds half a square
        List<Long> l = new java.util.ArrayList<>();
        int[][] xy = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
        for (int[] p : xy) {
            for (int z = 0; z < 2; z++) {
                l.add(SurfaceMesh.pack(2 * p[0], 2 * p[1], 2 * z));
            }
        }
        double[] hl = MorphologyExtras.convexHull(l.stream().mapToLong(Long::longValue).toArray(), new double[] {1, 1, 1});
        assertThat(hl[0]).isCloseTo(3.5, org.assertj.core.data.Offset.offset(1e-12));
    }

    /**
     * IBSI's ellipsoid-area series, against the same series with P_ν(x) evaluated directly (the code multiplies through
     * by (αβ)^ν) and a sphere's exact area. The series is IBSI's approximation, not the exact area: numerically
     * integrated areas differ by +0.4 % (5, 4.5, 4), −1.0 % (6, 5, 4.3), −15 % (5, 3, 3) (measured with a 200 × 400
     * midpoint rule while writing this test).
     */
    @Test
    void ellipsoidAreaSeries() {
        assertThat(MorphologyExtras.ellipsoidArea(2, 2, 2)).isCloseTo(16 * Math.PI, org.assertj.core.data.Offset.offset(1e-9));
        double[][] cases = {{5, 3, 3.5}, {5, 4.5, 4}, {6, 5, 4.3}};
        for (double[] c : cases) {
            double al = Math.sqrt(1 - c[1] * c[1] / (c[0] * c[0]));
            double be = Math.sqrt(1 - c[2] * c[2] / (c[0] * c[0]));
            double x = (al * al + be * be) / (2 * al * be);
            double[] p = new double[22];
            p[0] = 1;
            p[1] = x;
            for (int n = 1; n < 21; n++) {
                p[n + 1] = ((2 * n + 1) * x * p[n] - n * p[n - 1]) / (n + 1);
            }
            double sum = 0;
            for (int n = 0; n <= 20; n++) {
                sum += Math.pow(al * be, n) / (1 - 4.0 * n * n) * p[n];
            }
            assertThat(MorphologyExtras.ellipsoidArea(c[0], c[1], c[2])).isCloseTo(4 * Math.PI * c[0] * c[1] * sum,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** A region of one intensity: the undefined IBSI features are NaN and reported in the warnings, nothing throws. */
    @Test
    void constantRegionReportsUndefinedFeatures() {
        Volume image = TestData.volume(TestData.data("ibsi/ibsi_1_digital_phantom/nifti/image/phantom.nii.gz"));
        Mask mask = TestData.mask(TestData.data("ibsi/ibsi_1_digital_phantom/nifti/mask/mask.nii.gz"));
        float[] flat = new float[image.voxels().length];
        java.util.Arrays.fill(flat, 3);
        ExtractionSettings s = SettingsReader.read(SettingsFileTest.config("ibsi-digital-phantom.yaml"));
        FeatureResult r = engine.extract(new Volume(image.geometry(), flat), mask, s, Progress.none());
        assertThat(r.features().get("original_shape_MoransI")).isNaN();
        assertThat(r.features().get("original_ivh_VolumeAtIntensityFraction10")).isNaN();
        assertThat(r.features().get("original_histogram_Mean")).isEqualTo(1.0);
        assertThat(r.features().get("original_localintensity_GlobalIntensityPeak")).isEqualTo(3.0);
        assertThat(r.warnings()).contains("original_shape_MoransI is NaN", "original_ivh_VolumeAtIntensityFraction10 is NaN");
    }

    @Test
    void moranOnTooLargeABoxIsATypedError() {
        Roi big = new Roi(new int[] {0, 0, 0}, new int[] {399, 399, 99}, new boolean[400 * 400 * 100], new double[] {1, 1, 1});
        big.inside[0] = true;
        big.inside[1] = true;
        // the grid check comes before any allocation
        Roi two = new Roi(new int[] {0, 0, 0}, new int[] {399, 399, 99}, big.inside, new double[] {1, 1, 1});
        assertThatThrownBy(() -> MorphologyExtras.moranGeary(two, new double[] {1, 2})).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("MoransI").hasMessageContaining("400 x 400 x 100");
    }
}
