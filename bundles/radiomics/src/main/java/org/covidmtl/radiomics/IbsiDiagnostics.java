package org.covidmtl.radiomics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;

/**
 * IBSI chapter 1's diagnostic features (tags {@code img_*_init_img}, {@code *_interp_img}, {@code int_mask_*},
 * {@code morph_mask_*} of the initial, interpolated and re-segmented ROI) of an image, mask and settings: the image
 * as given, the image after the settings' resampling and rounding (the same as given without), the mask as given,
 * resampled, and re-segmented (intensity mask; the morphological mask is not re-segmented). Computed apart from the
 * extraction (it resamples once more), for IBSI compliance checks only.
 */
public final class IbsiDiagnostics {
    private IbsiDiagnostics() {
    }

    public static Map<String, Double> compute(Volume image, Mask mask, ExtractionSettings s) {
        Map<String, Double> d = new LinkedHashMap<>();
        Volume interp = image;
        Mask interpMask = mask;
        if (!s.resampledSpacing().isEmpty()) {
            Resampler.Resampled r = Resampler.resample(image, mask, s.label(), s.resampledSpacing(), s.processing());
            interp = r.image();
            interpMask = r.mask();
        } else if (s.processing().roundIntensities()) {
            interp = Resampler.round(image);
        }
        image(d, image, "init_img");
        image(d, interp, "interp_img");
        ExtractionSettings noReseg = RoiFactory.withoutResegmentation(s);
        Roi init = RoiFactory.of(image, mask, noReseg);
        Roi interpRoi = RoiFactory.of(interp, interpMask, noReseg);
        Roi reseg = RoiFactory.of(interp, interpMask, s);
        roi(d, image, init, init, "init_roi");
        roi(d, interp, interpRoi, interpRoi, "interp_roi");
        roi(d, interp, reseg, interpRoi, "reseg_roi");
        return d;
    }

    private static void image(Map<String, Double> d, Volume v, String stage) {
        int[] n = v.geometry().size();
        double[] sp = v.geometry().spacing();
        for (int a = 0; a < 3; a++) {
            d.put("img_dim_" + "xyz".charAt(a) + "_" + stage, (double) n[a]);
        }
        for (int a = 0; a < 3; a++) {
            d.put("vox_dim_" + "xyz".charAt(a) + "_" + stage, sp[a]);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v.voxels()) {
            sum += f;
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        d.put("mean_int_" + stage, sum / v.voxels().length);
        d.put("min_int_" + stage, min);
        d.put("max_int_" + stage, max);
    }

    private static void roi(Map<String, Double> d, Volume v, Roi intensity, Roi morph, String stage) {
        int[] n = v.geometry().size();
        for (int a = 0; a < 3; a++) {
            d.put("int_mask_dim_" + "xyz".charAt(a) + "_" + stage, (double) n[a]);
        }
        int[] ib = {intensity.nx, intensity.ny, intensity.nz};
        int[] mb = {morph.nx, morph.ny, morph.nz};
        for (int a = 0; a < 3; a++) {
            d.put("int_mask_bb_dim_" + "xyz".charAt(a) + "_" + stage, (double) ib[a]);
        }
        for (int a = 0; a < 3; a++) {
            d.put("morph_mask_bb_dim_" + "xyz".charAt(a) + "_" + stage, (double) mb[a]);
        }
        d.put("int_mask_vox_count_" + stage, (double) intensity.count);
        d.put("morph_mask_vox_count_" + stage, (double) morph.count);
        double[] values = intensity.regionValues(v.voxels(), n[0], n[1]);
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : values) {
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        d.put("int_mask_mean_int_" + stage, sum / values.length);
        d.put("int_mask_min_int_" + stage, min);
        d.put("int_mask_max_int_" + stage, max);
    }
}
