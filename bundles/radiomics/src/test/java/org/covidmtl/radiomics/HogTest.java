package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.HogSettings;
import org.covidmtl.api.features.HogSettings.BlockNorm;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.features.UnknownSettingException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * HOG against scikit-image 0.19.3 itself: fixture {@code hog-reference.csv} made by {@code bench/radiomics/hog_peer.py}
 * on TotalSegmentator's example CT (the same cases are defined there). System property {@code covidmtl.hogReference}:
 * another fixture file (e.g. one written with 17 digits) to measure against.
 */
class HogTest {
    /** Float rounding: scikit-image accumulates cells in single precision; the fixture has 10 significant digits. */
    static final double TOLERANCE = 1e-6;

    record Case(String image, int label, HogSettings hog) {
    }

    static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        CASES.put("paper", new Case("paper", 1, new HogSettings(32, 16, 16, 1, 1, BlockNorm.L1, true, 101, 122, null)));
        CASES.put("paper-390", new Case("paper", 1, HogSettings.COVID_MTL));
        CASES.put("liver-l2hys", new Case("hu", 5, new HogSettings(6, 8, 6, 2, 3, BlockNorm.L2_HYS, false, 24, 24, null)));
        CASES.put("liver-l1sqrt", new Case("hu", 5, new HogSettings(6, 12, 12, 2, 2, BlockNorm.L1_SQRT, true, 24, 130, null)));
        CASES.put("liver-l2", new Case("hu", 5, new HogSettings(9, 10, 14, 3, 1, BlockNorm.L2, true, 40, 42, 12)));
    }

    record Expected(int n, int slice, double scaledSum, Map<Integer, Double> values) {
    }

    static Map<String, Expected> reference() throws IOException {
        String override = System.getProperty("covidmtl.hogReference");
        InputStream in = override != null ? Files.newInputStream(Path.of(override))
                : HogTest.class.getResourceAsStream("/hog-reference.csv");
        Map<String, Expected> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("case,")) {
                    continue;
                }
                String[] f = line.split(",", 5);
                Map<Integer, Double> values = new HashMap<>();
                for (String t : f[4].trim().split(" ")) {
                    if (!t.isEmpty()) {
                        String[] iv = t.split(":");
                        values.put(Integer.parseInt(iv[0]), Double.parseDouble(iv[1]));
                    }
                }
                out.put(f[0], new Expected(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]), values));
            }
        }
        return out;
    }

    /** The example CT as HU and, for "paper", as the reference's input: clip(HU + 1024, 0, 4095) in the lung, else 0. */
    static Map<String, Volume> images(Volume hu, Volume seg) {
        float[] h = hu.voxels();
        float[] s = seg.voxels();
        float[] p = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            int l = Math.round(s[i]);
            p[i] = l >= 10 && l <= 14 ? Math.max(0, Math.min(4095, h[i] + 1024)) : 0;
        }
        return Map.of("hu", hu, "paper", new Volume(hu.geometry(), p));
    }

    static Mask masks(String image, Volume paper, Mask seg) {
        if (!image.equals("paper")) {
            return seg;
        }
        byte[] b = new byte[paper.voxels().length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (paper.voxels()[i] > 0 ? 1 : 0); // the reference's mask: voxels > 0
        }
        return new Mask(paper.geometry(), b);
    }

    @Test
    void matchesScikitImage() throws IOException {
        Path ct = TestData.data("totalsegmentator/example_ct_sm.nii.gz");
        Path segFile = TestData.data("totalsegmentator/example_seg.nii.gz");
        Volume hu = TestData.volume(ct);
        Map<String, Volume> images = images(hu, TestData.volume(segFile));
        Mask seg = TestData.mask(segFile);
        Map<String, Expected> ref = reference();
        assertThat(ref.keySet()).containsExactlyElementsOf(CASES.keySet());
        RadiomicsEngine engine = new RadiomicsEngine("radiomics", "test");
        double overall = 0;
        for (Map.Entry<String, Case> e : CASES.entrySet()) {
            Case c = e.getValue();
            Expected x = ref.get(e.getKey());
            Volume img = images.get(c.image());
            Mask mask = masks(c.image(), images.get("paper"), seg);
            ExtractionSettings s = ExtractionSettings.builder().label(c.label()).hog(c.hog()).build();
            assertThat(s.features()).isEmpty();
            FeatureResult r = engine.extract(img, mask, s, Progress.none());
            assertThat(r.features().size()).as(e.getKey()).isEqualTo(x.n()).isEqualTo(c.hog().featureCount());
            assertThat(r.features().names().get(x.n() - 1)).isEqualTo("HOG_" + (x.n() - 1));
            assertThat(r.diagnostics()).containsEntry("HOG_Slice", Integer.toString(x.slice()));
            HogExtractor.Result direct = HogExtractor.compute(img, mask, c.label(), c.hog(), new ArrayList<>(), new HashMap<>());
            double sum = 0;
            for (double v : direct.scaled()) {
                sum += v;
            }
            assertThat(sum).as(e.getKey() + " scaled slice sum").isCloseTo(x.scaledSum(), org.assertj.core.data.Offset.offset(1e-9));
            double[] got = r.features().values();
            assertThat(got).isEqualTo(direct.features());
            double max = 0;
            int exact = 0;
            int nonZero = 0;
            for (int i = 0; i < got.length; i++) {
                double want = x.values().getOrDefault(i, 0.0);
                double d = Math.abs(got[i] - want);
                assertThat(d).as("%s HOG_%d: %s vs scikit-image %s", e.getKey(), i, got[i], want).isLessThanOrEqualTo(TOLERANCE);
                max = Math.max(max, d);
                if (want == 0) {
                    assertThat(got[i]).as("%s HOG_%d", e.getKey(), i).isZero();
                } else {
                    nonZero++;
                    if (d <= 1e-9 * Math.abs(want)) {
                        exact++;
                    }
                }
            }
            overall = Math.max(overall, max);
            System.out.printf("HOG %-13s n %5d, slice %2d, %4d non-zero, max |ours - scikit-image| %.3g, %d within 1e-9 relative%n",
                    e.getKey(), got.length, x.slice(), nonZero, max, exact);
        }
        System.out.printf("HOG max |ours - scikit-image| over all cases: %.3g%n", overall);
    }

    @Test
    void paperParametersGive18432FeaturesAfterTheRadiomicFeatures() {
        ExtractionSettings s = ExtractionSettings.builder().hog(HogSettings.COVID_MTL).build();
        assertThat(s.features()).isEmpty();
        List<String> names = new RadiomicsEngine("radiomics", "test").featureNames(s);
        assertThat(names).hasSize(24 * 24 * 32).startsWith("HOG_0", "HOG_1").endsWith("HOG_18431");
        ExtractionSettings both = ExtractionSettings.defaults().toBuilder().hog(HogSettings.COVID_MTL).build();
        List<String> all = ExtractionPlan.of(both).names;
        List<String> plain = ExtractionPlan.of(ExtractionSettings.defaults()).names;
        assertThat(all.subList(0, plain.size())).isEqualTo(plain);
        assertThat(all).hasSize(plain.size() + 18432);
        assertThat(ExtractionSettings.defaults().hog()).isNull();
    }

    @Test
    void readsHogFromTheParameterFile(@TempDir Path tmp) throws IOException {
        ExtractionSettings d = parse("featureClass:\n  hog:\n");
        assertThat(d.hog()).isEqualTo(HogSettings.COVID_MTL);
        assertThat(d.features()).isEmpty();
        ExtractionSettings p = parse("""
                setting: {label: 5}
                featureClass:
                  glcm:
                  hog: {orientations: 9, pixelsPerCell: [8, 6], cellsPerBlock: 2, blockNorm: L2-Hys, transformSqrt: false,
                        sliceSize: [64, 48], slice: 3}
                """);
        assertThat(p.hog()).isEqualTo(new HogSettings(9, 8, 6, 2, 2, BlockNorm.L2_HYS, false, 64, 48, 3));
        assertThat(p.features().get(org.covidmtl.api.features.ImageType.ORIGINAL)).containsOnlyKeys(
                org.covidmtl.api.features.FeatureClass.GLCM);
        Path f = tmp.resolve("hog.yaml");
        Files.writeString(f, "featureClass: {firstorder: , hog: {sliceSize: 390}}\n");
        assertThat(SettingsReader.read(f).hog()).isEqualTo(HogSettings.COVID_MTL);
        assertThatThrownBy(() -> parse("featureClass: {hog: {orientation: 9}}")).isInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("featureClass.hog.orientation");
        assertThatThrownBy(() -> parse("featureClass: {hog: [HOG_0]}")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("featureClass.hog");
        assertThatThrownBy(() -> parse("featureClass: {hog: {blockNorm: L3}}")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("featureClass.hog.blockNorm");
        assertThatThrownBy(() -> parse("featureClass: {hog: {pixelsPerCell: 0}}")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("featureClass.hog.pixelsPerCell");
        assertThatThrownBy(() -> parse("featureClass: {hog: {sliceSize: 15}}")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("featureClass.hog.sliceSize");
        assertThatThrownBy(() -> parse("imageType: {Original: {featureClass: {hog: }}}"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("imageType.Original.featureClass.hog");
    }

    @Test
    void constantSliceGivesNaNWithAWarning() {
        int n = 40;
        Volume v = new Volume(org.covidmtl.api.volume.VolumeGeometry.axial(new int[] {n, n, 2}, new double[] {1, 1, 1},
                new double[3]), new float[n * n * 2]);
        byte[] b = new byte[n * n * 2];
        b[5] = 1;
        FeatureResult r = new RadiomicsEngine("radiomics", "test").extract(v, new Mask(v.geometry(), b),
                ExtractionSettings.builder().hog(new HogSettings(4, 8, 8, 1, 1, BlockNorm.L1, true, 32, 32, null)).build(),
                Progress.none());
        assertThat(r.features().values()).hasSize(64).containsOnly(Double.NaN);
        assertThat(r.warnings()).anyMatch(w -> w.contains("constant")).anyMatch(w -> w.contains("64 of 64 HOG features are NaN"));
    }

    @Test
    void numpyHelpers() {
        assertThat(Hog.floorMod180(-0.0)).isEqualTo(0.0).matches(d -> Double.doubleToRawLongBits(d) == 0);
        assertThat(Hog.floorMod180(-90.0)).isEqualTo(90.0);
        assertThat(Hog.floorMod180(180.0)).isEqualTo(0.0);
        assertThat(Hog.floorMod180(-1e-20)).isEqualTo(180.0); // numpy too: fmod, then + 180 rounds to 180
        double[] a = new double[300];
        for (int i = 0; i < a.length; i++) {
            a[i] = 1.0 / (i + 1);
        }
        double simple = 0;
        for (double x : a) {
            simple += x;
        }
        assertThat(Hog.pairwiseSum(a, 0, a.length)).isCloseTo(simple, org.assertj.core.data.Offset.offset(1e-12));
    }

    private static ExtractionSettings parse(String yaml) throws IOException {
        return SettingsReader.parse(new YAMLMapper().readTree(yaml), "test.yaml");
    }
}
