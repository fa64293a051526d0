package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        assertThatThrownBy(() -> IntensityVolumeHistogram.compute(new double[] {1.5, 2}, null, List.of()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ivhBinWidth").hasMessageContaining("1.5");
        // bins [1.5, 2) and [2, 2.5), centres 1.75 and 2.25: half the volume is at least 2.25 (≤ 90 %), all at least 1.75
        Map<String, Double> f = IntensityVolumeHistogram.compute(new double[] {1.5, 2}, 0.5, List.of());
        assertThat(f.get("IntensityAtVolumeFraction90")).isEqualTo(2.25);
        assertThat(f.get("VolumeAtIntensityFraction10")).isEqualTo(0.5);
        assertThat(f.get("VolumeAtIntensityFraction90")).isEqualTo(0.5);
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
}
