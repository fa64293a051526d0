package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.volume.io.NiftiReader;
import org.junit.jupiter.api.Test;

/**
 * IBSI configurations D and E ({@code config/radiomics/ibsi-D.yaml}, {@code ibsi-E.yaml}) end to end on the IBSI CT
 * phantom through {@code radiomics:ibsi}'s core, with the shared data's reference folder, which has no D or E table: the
 * run prints the values and names the missing table. The re-segmentation diagnostics are checked by recomputing them
 * here from the resampled image and mask: D keeps the interpolated ROI's voxels within mean ± 3 sigma of it; E those
 * in the intersection of the range [−1000, 400] HU and mean ± 3 sigma of the interpolated ROI (IBSI's combination). (Against IBSI's D and E tables:
 * {@link IbsiCtPhantomTest}, when given them.)
 */
class IbsiConfigurationsDeTest {
    final IbsiRun run = new IbsiRun(new RadiomicsEngine("radiomics", "test"), new VolumeInputs(List.of(new NiftiReader())));
    final Path config = SettingsFileTest.config("ibsi-D.yaml").getParent();

    @Test
    void configurationD() {
        check("D", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    @Test
    void configurationE() {
        check("E", -1000, 400);
    }

    private void check(String x, double rangeLo, double rangeHi) {
        IbsiCompliance.Report r = run.run(x, TestData.data("ibsi"), config, Progress.none());
        String out = r.format();
        System.out.println(out);
        Path table = TestData.data("ibsi").resolve("reference_values").resolve("ibsi_1_reference_values_config_" + x + ".csv");
        assertThat(r.missing()).isEqualTo("no IBSI reference table for configuration " + x + ": looked for "
                + table.toAbsolutePath().normalize() + "; values not compared (pass --reference <ibsi_1_reference_values_config_" + x
                + ".csv>)");
        assertThat(out.strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo(r.missing());
        assertThat(r.rows()).isEmpty();
        Map<String, Double> v = r.values();
        // every IBSI family of the configuration, in both GLCM/GLRLM aggregations, plus the 60 diagnostics
        assertThat(v).containsKeys("stat_mean", "ih_entropy", "ivh_i10", "loc_peak_glob", "morph_volume", "cm_joint_max_3D_avg",
                "cm_joint_max_3D_comb", "rlm_sre_3D_comb", "szm_sze_3D", "dzm_sde_3D", "ngt_coarseness_3D", "ngl_dc_energy_3D",
                "int_mask_vox_count_reseg_roi");
        assertThat(v.keySet().stream().filter(k -> k.endsWith("_img") || k.endsWith("_roi"))).hasSize(60);
        // IBSI's 2 mm grid: 100 × 99 × 90
        assertThat(List.of(v.get("img_dim_x_interp_img"), v.get("img_dim_y_interp_img"), v.get("img_dim_z_interp_img")))
                .containsExactly(100.0, 99.0, 90.0);

        // recompute the re-segmentation from the resampled image and mask
        ExtractionSettings s = SettingsReader.read(config.resolve("ibsi-" + x + ".yaml"));
        Volume image = TestData.volume(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz"));
        Mask mask = TestData.mask(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz"));
        Resampler.Resampled rs = Resampler.resample(image, mask, 1, s.resampledSpacing(), s.processing());
        float[] iv = rs.image().voxels();
        byte[] il = rs.mask().labels();
        long interp = 0;
        long inRange = 0;
        double sum = 0;
        for (int i = 0; i < iv.length; i++) {
            if (il[i] == 1) {
                interp++;
                sum += iv[i];
                inRange += iv[i] >= rangeLo && iv[i] <= rangeHi ? 1 : 0;
            }
        }
        double mean = sum / interp;
        double ss = 0;
        for (int i = 0; i < iv.length; i++) {
            if (il[i] == 1) {
                ss += (iv[i] - mean) * (iv[i] - mean);
            }
        }
        double sigma = Math.sqrt(ss / interp);
        double lo = Math.max(rangeLo, mean - 3 * sigma);
        double hi = Math.min(rangeHi, mean + 3 * sigma);
        long kept = 0;
        for (int i = 0; i < iv.length; i++) {
            if (il[i] == 1 && iv[i] >= lo && iv[i] <= hi) {
                kept++;
            }
        }
        System.out.printf("configuration %s: interpolated ROI %d voxels, %d in the range, mean %.2f sigma %.2f HU: bounds [%.2f, %.2f],"
                + " %d kept; re-segmented ROI [%.0f, %.0f] HU%n", x, interp, inRange, mean, sigma, lo, hi, kept,
                v.get("int_mask_min_int_reseg_roi"), v.get("int_mask_max_int_reseg_roi"));
        assertThat(v.get("int_mask_vox_count_interp_roi")).isEqualTo((double) interp);
        assertThat(v.get("int_mask_vox_count_reseg_roi")).isEqualTo((double) kept).isLessThan(interp);
        assertThat(v.get("int_mask_min_int_reseg_roi")).isGreaterThanOrEqualTo(lo);
        assertThat(v.get("int_mask_max_int_reseg_roi")).isLessThanOrEqualTo(hi);
        // the morphological mask is not re-segmented
        assertThat(v.get("morph_mask_vox_count_reseg_roi")).isEqualTo((double) interp);
        // the statistics describe the re-segmented ROI: its extremes; FBN 32 spans bins 1 … 32
        assertThat(v.get("stat_min")).isEqualTo(v.get("int_mask_min_int_reseg_roi"));
        assertThat(v.get("stat_max")).isEqualTo(v.get("int_mask_max_int_reseg_roi"));
        assertThat(List.of(v.get("ih_min"), v.get("ih_max"))).containsExactly(1.0, 32.0);
        if (x.equals("E")) {
            // IVH on 1000 bins of the ROI's own range: bin numbers
            assertThat(v.get("ivh_i10")).isBetween(1.0, 1000.0);
            assertThat(v.get("ivh_i90")).isBetween(1.0, v.get("ivh_i10"));
        } else {
            // IVH on the rounded intensities from the ROI's minimum to its maximum
            assertThat(v.get("ivh_i10")).isBetween(lo, hi);
        }
    }
}
