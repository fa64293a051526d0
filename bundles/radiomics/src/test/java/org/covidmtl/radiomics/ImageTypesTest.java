package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.features.NameStyle;
import org.covidmtl.api.features.UnknownSettingException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyRadiomics' image types Square, SquareRoot, Logarithm, Exponential, Gradient and LoG through the extractor
 * on a real CT (TotalSegmentator's example, 3 mm, the liver, label 5): the voxel-wise filters against
 * PyRadiomics' formulas written out here over the whole image, features through the families with
 * PyRadiomics' names; the parameter-file keys and their errors.
 */
class ImageTypesTest {
    static Volume ct;
    static Mask seg;
    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        ct = TestData.volume(TestData.data("totalsegmentator/example_ct_sm.nii.gz"));
        seg = TestData.mask(TestData.data("totalsegmentator/example_seg.nii.gz"));
    }

    private static ExtractionSettings settings(ImageType... types) {
        ExtractionSettings.Builder b = ExtractionSettings.builder().label(5).logSigma(List.of(3.0, 6.0));
        b.enable(ImageType.ORIGINAL, FeatureClass.FIRSTORDER);
        for (ImageType t : types) {
            b.enable(t, FeatureClass.FIRSTORDER, FeatureClass.GLCM);
        }
        return b.build();
    }

    /** The region's values of an image (whole image computed by {@code f}), and first order on them. */
    private static Map<String, Double> firstOrderOf(double[] image, ExtractionSettings s) {
        float[] vox = new float[0];
        Roi roi = RoiFactory.of(new Volume(ct.geometry(), new float[ct.voxels().length]), seg, s);
        double[] region = new double[roi.count];
        int k = 0;
        int[] size = ct.geometry().size();
        for (int z = 0; z < roi.nz; z++) {
            for (int y = 0; y < roi.ny; y++) {
                for (int x = 0; x < roi.nx; x++) {
                    if (roi.inside[roi.index(x, y, z)]) {
                        region[k++] = image[(x + roi.x0) + size[0] * ((y + roi.y0) + size[1] * (z + roi.z0))];
                    }
                }
            }
        }
        return FamilyComputer.compute(roi, region, Map.of(FeatureClass.FIRSTORDER, List.of()), s, null).values()
                .get(FeatureClass.FIRSTORDER);
    }

    private static double[] map(DoubleUnaryOperator f) {
        float[] v = ct.voxels();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f.applyAsDouble(v[i]);
        }
        return out;
    }

    @Test
    void voxelWiseFiltersFollowPyRadiomicsFormulas() {
        ExtractionSettings s = settings(ImageType.SQUARE, ImageType.SQUARE_ROOT, ImageType.LOGARITHM, ImageType.EXPONENTIAL);
        FeatureResult r = new RadiomicsEngine("radiomics", "test").extract(ct, seg, s, Progress.none());
        double m = 0;
        for (float f : ct.voxels()) {
            m = Math.max(m, Math.abs(f));
        }
        assertThat(m).as("max |HU| of the example CT").isGreaterThan(1000);
        double max = m;
        double logMax = Math.log(max + 1);
        Map<String, double[]> expected = Map.of(
                "square", map(x -> x * x / max),
                "squareroot", map(x -> Math.signum(x) * Math.sqrt(Math.abs(x) * max)),
                "logarithm", map(x -> Math.signum(x) * Math.log(Math.abs(x) + 1) * max / logMax),
                "exponential", map(x -> Math.exp(x * Math.log(max) / max)));
        for (Map.Entry<String, double[]> e : expected.entrySet()) {
            Map<String, Double> fo = firstOrderOf(e.getValue(), s);
            for (String f : List.of("Mean", "Minimum", "Maximum", "Variance", "Median", "Energy", "Entropy", "Skewness")) {
                double got = r.features().get(e.getKey() + "_firstorder_" + f);
                assertEquals(fo.get(f), got, 1e-12 * Math.max(1, Math.abs(fo.get(f))), e.getKey() + " " + f);
            }
            assertThat(r.features().get(e.getKey() + "_glcm_Contrast")).as(e.getKey() + " GLCM").isFinite();
        }
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void negativeValuesKeepTheirSignInSquareRootAndLogarithmAndLoseItInSquare() {
        float[] v = {-1000, -1, 0, 1, 4, 999, -5, 2};
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        double m = ImageFilters.maxAbs(v);
        assertEquals(1000, m);
        double[] sq = d.clone();
        ImageFilters.square(sq, m);
        assertThat(sq).containsExactly(new double[] {1000, 0.001, 0, 0.001, 0.016, 998.001, 0.025, 0.004},
                org.assertj.core.data.Offset.offset(1e-12));
        double[] sr = d.clone();
        ImageFilters.squareRoot(sr, m);
        assertThat(sr[0]).isEqualTo(-1000);
        assertThat(sr[1]).isEqualTo(-Math.sqrt(1000));
        assertThat(sr[2]).isEqualTo(0);
        double[] lg = d.clone();
        ImageFilters.logarithm(lg, m);
        assertThat(lg[0]).isEqualTo(-1000, org.assertj.core.data.Offset.offset(1e-9)); // max |x| maps to ± max |x|
        assertThat(lg[3]).isEqualTo(Math.log(2) * 1000 / Math.log(1001));
        double[] ex = d.clone();
        ImageFilters.exponential(ex, m);
        assertThat(ex[5]).isEqualTo(Math.exp(999 * Math.log(1000) / 1000));
        assertThat(ex[2]).isEqualTo(1);
    }

    @Test
    void gradientIsTheCentralDifferenceMagnitudeInHuPerMm() {
        ExtractionSettings s = settings(ImageType.GRADIENT);
        int[] n = ct.geometry().size();
        double[] sp = ct.geometry().spacing();
        float[] v = ct.voxels();
        for (boolean useSpacing : new boolean[] {true, false}) {
            ExtractionSettings su = s.toBuilder().gradientUseSpacing(useSpacing).build();
            FeatureResult r = new RadiomicsEngine("radiomics", "test").extract(ct, seg, su, Progress.none());
            double[] g = new double[v.length];
            for (int z = 0; z < n[2]; z++) {
                for (int y = 0; y < n[1]; y++) {
                    for (int x = 0; x < n[0]; x++) {
                        int[] p = {x, y, z};
                        double sum = 0;
                        for (int a = 0; a < 3; a++) {
                            int[] hi = p.clone();
                            int[] lo = p.clone();
                            hi[a] = Math.min(p[a] + 1, n[a] - 1);
                            lo[a] = Math.max(p[a] - 1, 0);
                            // as ITK: the operator's coefficients ±0.5 scaled by 1 / spacing
                            double d = (ct.get(hi[0], hi[1], hi[2]) - (double) ct.get(lo[0], lo[1], lo[2]))
                                    * (0.5 / (useSpacing ? sp[a] : 1));
                            sum += d * d;
                        }
                        g[ct.geometry().index(x, y, z)] = Math.sqrt(sum);
                    }
                }
            }
            Map<String, Double> fo = firstOrderOf(g, su);
            for (String f : List.of("Mean", "Maximum", "Variance", "Median", "90Percentile", "Entropy")) {
                assertEquals(fo.get(f), r.features().get("gradient_firstorder_" + f), 1e-12 * Math.max(1, Math.abs(fo.get(f))),
                        "gradient " + f + " spacing " + useSpacing);
            }
            System.out.printf("gradient (liver, 3 mm, spacing %s): mean %.3f, max %.3f%n", useSpacing,
                    fo.get("Mean"), fo.get("Maximum"));
        }
    }

    @Test
    void logImagesAreNamedAsPyRadiomicsAndMeasuredByTheFamilies() {
        ExtractionSettings s = settings(ImageType.LOG);
        RadiomicsEngine e = new RadiomicsEngine("radiomics", "test");
        assertThat(e.featureNames(s)).contains("log-sigma-3-0-mm-3D_firstorder_Mean", "log-sigma-6-0-mm-3D_glcm_Contrast");
        assertThat(e.featureNames(s.toBuilder().nameStyle(NameStyle.COVID_MTL).build()))
                .contains("Mean", "log-sigma-3-0-mm-3D_glcm_Contrast");
        FeatureResult r = e.extract(ct, seg, s, Progress.none());
        assertThat(r.warnings()).isEmpty();
        for (String n : r.features().names()) {
            assertThat(r.features().get(n)).as(n).isFinite();
        }
        // the region's LoG values are those of the whole image's LoG
        int[] size = ct.geometry().size();
        boolean[] all = new boolean[ct.voxels().length];
        Arrays.fill(all, true);
        double[] whole = LaplacianOfGaussian.boxValues(ct.voxels(), size, ct.geometry().spacing(), 3.0,
                new Roi(new int[3], new int[] {size[0] - 1, size[1] - 1, size[2] - 1}, all, ct.geometry().spacing()));
        assertEquals(firstOrderOf(whole, s).get("Mean"), r.features().get("log-sigma-3-0-mm-3D_firstorder_Mean"), 0.0);
        // sigma 60 mm needs ceil(60 / 3) + 1 = 21 <= 30 slices: computed; 90 mm needs 31 > 30: skipped, NaN
        FeatureResult big = e.extract(ct, seg, s.toBuilder().logSigma(List.of(60.0, 90.0)).build(), Progress.none());
        assertThat(big.features().get("log-sigma-60-0-mm-3D_firstorder_Mean")).isFinite();
        assertThat(big.features().get("log-sigma-90-0-mm-3D_firstorder_Mean")).isNaN();
        assertThat(big.warnings()).anyMatch(w -> w.startsWith("log-sigma-90-0-mm-3D not computed: LoG sigma 90.0 mm too large"));
    }

    @Test
    void pyRadiomicsNamesOfLogSigmas() {
        assertThat(ImageSpec.logName(1.0)).isEqualTo("log-sigma-1-0-mm-3D");
        assertThat(ImageSpec.logName(2.5)).isEqualTo("log-sigma-2-5-mm-3D");
        assertThat(ImageSpec.logName(0.75)).isEqualTo("log-sigma-0-75-mm-3D");
    }

    @Test
    void parameterFileKeysOfTheImageTypes() throws IOException {
        ExtractionSettings s = read("""
                imageType:
                  Original: {}
                  LoG: {sigma: [1.0, 2.5]}
                  Square: {}
                  SquareRoot: {}
                  Logarithm: {}
                  Exponential: {}
                  Gradient: {gradientUseSpacing: false}
                featureClass:
                  firstorder: [Mean]
                """);
        assertThat(s.logSigma()).containsExactly(1.0, 2.5);
        assertThat(s.gradientUseSpacing()).isFalse();
        assertThat(new RadiomicsEngine("r", "t").featureNames(s)).containsExactly("original_firstorder_Mean",
                "log-sigma-1-0-mm-3D_firstorder_Mean", "log-sigma-2-5-mm-3D_firstorder_Mean", "square_firstorder_Mean",
                "squareroot_firstorder_Mean", "logarithm_firstorder_Mean", "exponential_firstorder_Mean",
                "gradient_firstorder_Mean");
        // sigma under setting (PyRadiomics merges settings into every image type); the image type's wins
        assertThat(read("setting: {sigma: [3]}\nimageType: {LoG: {}}\n").logSigma()).containsExactly(3.0);
        assertThat(read("setting: {sigma: [3]}\nimageType: {LoG: {sigma: [4]}}\n").logSigma()).containsExactly(4.0);
        assertThatThrownBy(() -> read("imageType: {LoG: {}}\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("imageType.LoG.sigma");
        assertThatThrownBy(() -> read("imageType: {LoG: {sigma: [1.0, 0]}}\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("imageType.LoG.sigma").hasMessageContaining("> 0");
        assertThatThrownBy(() -> read("imageType: {LoG: {sigma: [-2]}}\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("imageType.LoG.sigma");
        assertThatThrownBy(() -> read("imageType: {LoG: {sigma: []}}\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("imageType.LoG.sigma");
        assertThatThrownBy(() -> read("imageType: {LoG: {sigma: 2}}\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("imageType.LoG.sigma");
        assertThatThrownBy(() -> read("setting: {sigma: [fine]}\nimageType: {LoG: {}}\n"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("setting.sigma");
        assertThatThrownBy(() -> read("imageType: {LoG: {sigmas: [1]}}\n")).isInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("imageType.LoG.sigmas");
        assertThatThrownBy(() -> read("imageType: {Square: {sigma: [1]}}\n")).isInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("imageType.Square.sigma");
        assertThatThrownBy(() -> read("imageType: {Gradient: {gradientUseSpacing: 1}}\n"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("imageType.Gradient.gradientUseSpacing");
        assertThatThrownBy(() -> read("imageType: {LBP2D: {}}\n")).isInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("imageType.LBP2D");
        assertThatThrownBy(() -> read("imageType:\n  Square:\n    featureClass: {shape: []}\n"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("Square featureClass shape");
        assertThatThrownBy(() -> ExtractionSettings.builder().enable(ImageType.LOG, FeatureClass.GLCM).build())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("sigma");
    }

    @Test
    void theImageTypesParameterFileNamesEveryImage() throws IOException {
        ExtractionSettings s = SettingsReader.read(SettingsFileTest.config("pyradiomics-image-types.yaml"));
        List<String> names = new RadiomicsEngine("r", "t").featureNames(s);
        // original: 14 shape + 18 first order + 24 GLCM + 16 + 16 + 14 + 5; 5 LoG + 8 wavelet + 5 more images × 93
        assertThat(names).hasSize(14 + 93 + (5 + 8 + 5) * 93)
                .contains("original_shape_Sphericity", "log-sigma-1-0-mm-3D_glcm_Contrast", "wavelet-HHH_ngtdm_Busyness",
                        "squareroot_firstorder_Mean", "gradient_gldm_DependenceEntropy");
    }

    private ExtractionSettings read(String yaml) throws IOException {
        Path f = tmp.resolve("params.yaml");
        Files.writeString(f, yaml);
        return SettingsReader.read(f);
    }
}
