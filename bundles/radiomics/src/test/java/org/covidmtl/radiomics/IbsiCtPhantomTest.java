package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IBSI chapter 1 CT radiomics phantom (PAT1, GTV-1, NIfTI), configurations A, B and C run from
 * {@code config/radiomics/ibsi-config-*.yaml}: every row of the configuration's reference CSV that has a
 * reference value and that the extractor computes ({@link #table}) is compared against value ± tolerance
 * (the CSV's tolerance, not widened). Rows without a mapping are "not computed". Each configuration asserts
 * a minimum match count; every mismatch is printed.
 */
class IbsiCtPhantomTest {
    /** Minimum matches per configuration (the counts documented in README.md). */
    static final Map<String, Integer> MIN_MATCHED = Map.of("A", 216, "B", 214, "C", 215);

    static Volume image;
    static Mask mask;

    @BeforeAll
    static void read() {
        image = TestData.volume(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz"));
        mask = TestData.mask(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz"));
    }

    @Test
    void configurationC() throws IOException {
        check("C", "_3D_avg", "_3D");
    }

    @Test
    void configurationA() throws IOException {
        check("A", "_2_5D_avg", "_2_5D");
    }

    @Test
    void configurationB() throws IOException {
        check("B", "_2_5D_avg", "_2_5D");
    }

    private void check(String config, String averaged, String merged) throws IOException {
        ExtractionSettings s = SettingsReader.read(SettingsFileTest.config("ibsi-config-" + config.toLowerCase() + ".yaml"));
        long t0 = System.nanoTime();
        RadiomicsEngine engine = new RadiomicsEngine("radiomics", "test");
        FeatureResult r = engine.extract(image, mask, s, Progress.none());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Map<String, ToDoubleFunction<FeatureResult>> table = table(averaged, merged);
        // IBSI's merged ("comb") GLCM and GLRLM: the same configuration with textureAggregation: merged
        FeatureResult comb = engine.extract(image, mask, s.toBuilder().processing(s.processing().withMergeDirections(true))
                .enable(ImageType.ORIGINAL, FeatureClass.GLRLM)
                .enable(ImageType.ORIGINAL, FeatureClass.GLCM, IbsiDigitalPhantomTest.withExtra(FeatureClass.GLCM, "SumVariance"))
                .disable(ImageType.WAVELET).build(), Progress.none());
        String combSuffix = averaged.replace("_avg", "_comb");
        table(averaged, merged).forEach((tag, f) -> {
            if (tag.endsWith(averaged)) {
                table.put(tag.substring(0, tag.length() - averaged.length()) + combSuffix, x -> f.applyAsDouble(comb));
            }
        });
        int matched = 0;
        int compared = 0;
        int withReference = 0;
        List<String> mismatches = new ArrayList<>();
        List<String> notComputed = new ArrayList<>();
        for (CSVRecord row : rows(config)) {
            String tag = row.get("tag");
            if (row.get("reference value").isBlank() || row.get("tolerance").isBlank()) {
                continue;
            }
            withReference++;
            ToDoubleFunction<FeatureResult> f = table.get(tag);
            if (f == null) {
                notComputed.add(tag);
                continue;
            }
            compared++;
            double ref = Double.parseDouble(row.get("reference value"));
            double tol = Double.parseDouble(row.get("tolerance"));
            double v = f.applyAsDouble(r);
            if (Math.abs(v - ref) <= tol) {
                matched++;
            } else {
                mismatches.add(String.format("%s: %.6g vs IBSI %s ± %s (off by %.3g tolerances)", tag, v, row.get("reference value"),
                        row.get("tolerance"), Math.abs(v - ref) / Math.max(tol, 1e-300)));
            }
        }
        System.out.println("IBSI CT phantom configuration " + config + ": " + matched + "/" + compared + " matched ("
                + withReference + " rows with a reference value, " + notComputed.size() + " not computed; " + ms + " ms)");
        mismatches.forEach(m -> System.out.println("IBSI CT phantom configuration " + config + " mismatch " + m));
        System.out.println("IBSI CT phantom configuration " + config + " not computed: " + notComputed);
        System.out.println("IBSI CT phantom configuration " + config + " diagnostics: " + r.diagnostics() + "; MeshVolume "
                + r.features().get("original_shape_MeshVolume") + ", SurfaceArea " + r.features().get("original_shape_SurfaceArea"));
        assertThat(matched).as("configuration %s matches; mismatches: %s", config, mismatches)
                .isGreaterThanOrEqualTo(MIN_MATCHED.get(config));
    }

    static List<CSVRecord> rows(String config) throws IOException {
        try (Reader in = Files.newBufferedReader(TestData.data("ibsi/reference_values/ibsi_1_reference_values_config_" + config
                + ".csv"))) {
            if (in.read() != '\uFEFF') {
                throw new IOException("expected a byte order mark");
            }
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
        }
    }

    /**
     * IBSI tag → the extractor's value (PyRadiomics names; IBSI forms derived by formula where they differ), the
     * texture tags with the aggregation suffix the configuration's settings produce: {@code averaged} for GLCM and
     * GLRLM (features per direction, averaged: {@code _3D_avg}, or with force2D the in-plane directions merged over
     * slices: {@code _2_5D_avg}), {@code merged} for GLSZM, NGTDM, NGLDM ({@code _3D} or {@code _2_5D}). A few
     * diagnostic rows are read from the result's diagnostics.
     */
    static Map<String, ToDoubleFunction<FeatureResult>> table(String averaged, String merged) {
        Map<String, ToDoubleFunction<FeatureResult>> m = new LinkedHashMap<>();
        IbsiDigitalPhantomTest.mapping().forEach((tag, f) -> {
            String t = tag.replace("_3D_avg", averaged).replaceAll("_3D$", merged);
            m.put(t, r -> f.applyAsDouble(r.features()));
        });
        String fo = "original_firstorder_";
        m.put("stat_cov", r -> Math.sqrt(r.features().get(fo + "Variance")) / r.features().get(fo + "Mean"));
        m.put("int_mask_vox_count_reseg_roi", r -> Double.parseDouble(r.diagnostics().get("Mask-resegmented_VoxelNum")));
        m.put("int_mask_mean_int_reseg_roi", r -> r.features().get(fo + "Mean"));
        m.put("int_mask_min_int_reseg_roi", r -> r.features().get(fo + "Minimum"));
        m.put("int_mask_max_int_reseg_roi", r -> r.features().get(fo + "Maximum"));
        m.put("int_mask_vox_count_init_roi", r -> Double.parseDouble(r.diagnostics().get("Mask-original_VoxelNum")));
        // without interpolation (configuration A) the interpolated image and mask are the initial ones
        m.put("morph_mask_vox_count_interp_roi", r -> Double.parseDouble(r.diagnostics().getOrDefault("Mask-interpolated_VoxelNum",
                r.diagnostics().get("Mask-original_VoxelNum"))));
        for (int a = 0; a < 3; a++) {
            int axis = a;
            m.put("img_dim_" + "xyz".charAt(a) + "_interp_img", r -> size(r, axis));
        }
        return m;
    }

    private static double size(FeatureResult r, int axis) {
        String s = r.diagnostics().get("Image-interpolated_Size");
        if (s == null) {
            return image.geometry().size()[axis];
        }
        return Double.parseDouble(s.replaceAll("[\\[\\] ]", "").split(",")[axis]);
    }
}
