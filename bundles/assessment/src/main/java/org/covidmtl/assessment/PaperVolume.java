package org.covidmtl.assessment;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.volume.io.Cropper;
import org.covidmtl.volume.io.Resampler;

/**
 * The volume and mask the paper's radiomics were computed on (reference LungSegmentation.py, CropSave.py,
 * FeatureExtractor.py): the CT resampled to 1 mm with a cubic B-spline (scipy {@code zoom}, order 3, mode nearest),
 * the lungs segmented on it, the masked CT in the reference's stored values (HU + 1024, rounded, clipped to 0..4095
 * inside the lungs, 0 outside), centre-cropped/padded to 340×390×390 (slices, rows, cols), and the mask = voxels
 * &gt; 0.
 */
public final class PaperVolume {
    /** The reference's value offset: stored = HU + 1024. */
    public static final int HU_OFFSET = 1024;
    /** Spacing within this of 1 mm on every axis is not resampled. */
    public static final double SPACING_TOLERANCE = 0.01;

    private PaperVolume() {
    }

    /** Whether the volume is on a 1 mm grid already (within {@link #SPACING_TOLERANCE}). */
    public static boolean isOneMillimetre(VolumeGeometry g) {
        for (double s : g.spacing()) {
            if (Math.abs(s - 1) > SPACING_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** The CT at 1 mm as the reference resamples it (unchanged when already at 1 mm). */
    public static Volume resample(Volume ct, Progress progress) {
        if (isOneMillimetre(ct.geometry())) {
            return ct;
        }
        return Resampler.resample(ct, new double[] {1, 1, 1}, Resampler.Interpolation.CUBIC, Resampler.Mapping.ZOOM,
                progress);
    }

    /**
     * The masked, cropped volume and its mask.
     *
     * @param image the reference's stored values, 340×390×390 (x 390, y 390, z 340)
     * @param mask label 1 where {@code image} &gt; 0
     * @param maskVoxels voxels of {@code mask}
     * @param lungVoxels lung voxels before the crop (to say how much the crop cut)
     */
    public record Prepared(Volume image, Mask mask, long maskVoxels, long lungVoxels) {
        /** The fraction of the lung voxels the crop kept (1 when it kept all). */
        public double keptFraction() {
            return lungVoxels == 0 ? 0 : (double) maskVoxels / lungVoxels;
        }
    }

    /** Masks, crops and pads the 1 mm CT with the lungs found on it. */
    public static Prepared prepare(Volume ct1mm, Mask lungs) {
        float[] v = ct1mm.voxels();
        byte[] l = lungs.labels();
        float[] masked = new float[v.length];
        long lungVoxels = 0;
        for (int p = 0; p < v.length; p++) {
            if (l[p] != 0) {
                masked[p] = Math.max(0, Math.min(4095, Math.round(v[p] + HU_OFFSET)));
                lungVoxels++;
            }
        }
        Volume cropped = Cropper.centre(new Volume(ct1mm.geometry(), masked), Cropper.REFERENCE_SIZE, 0f);
        float[] c = cropped.voxels();
        byte[] m = new byte[c.length];
        long n = 0;
        for (int p = 0; p < c.length; p++) {
            if (c[p] > 0) {
                m[p] = 1;
                n++;
            }
        }
        return new Prepared(cropped, new Mask(cropped.geometry(), m), n, lungVoxels);
    }
}
