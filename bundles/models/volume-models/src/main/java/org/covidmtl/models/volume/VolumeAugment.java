package org.covidmtl.models.volume;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * The reference's training input pipeline ({@code utils.GetVolume}, {@code GetCropPos}, {@code AugmentNorm}) on one
 * study, as plain float arrays (no ND4J: it runs on the loader thread). Layout as {@link VolumeInput}: depth ×
 * rows × cols, cols fastest (numpy's {@code [slice, row, col]} of the reference).
 * <ol>
 * <li>HU → value = HU + 1024, 0 outside the lungs (when a mask is given);</li>
 * <li>the volume is centre cropped/padded (0 = −1024 HU) to the canvas (depth+M) × (size+M) × (size+M), M =
 * {@code crop-margin} (reference: 340×390×390 for 200×250×250, M = 140), and the model's depth × size × size is
 * cut at offsets (s0, s1, s2): training {@code s0 = 10·randint(5, 10)}, {@code s1, s2 = 10·randint(2, 8)}, each
 * scaled by M/140 and rounded (M = 140: exactly the reference's {50,…,100} and {20,…,80}); evaluation M/2 per axis
 * (the reference's 70, 70, 70 = the centre);</li>
 * <li>min(value, 2000);</li>
 * <li>training, with probability {@code noise-probability} (0.2): additive Gaussian noise as imgaug's
 * {@code AdditiveGaussianNoise([10, 50])} of the reference — per study loc ∈ {10, 50} and σ ~ U(2.55, 12.75), per
 * voxel N(loc, σ), result rounded and clamped to [0, 65535] like the reference's uint16 image;</li>
 * <li>(value − 16.71) / 85.17;</li>
 * <li>training: r = randint(0, 20): r &lt; 3 → rot90 k = 1 in the row/col plane ({@code np.rot90(axes=(1, 2))}),
 * r ∈ {10, 20} → k = 2, r = 15 → k = randint(1, 3), r ∈ {4, 5, 6} → flip of the rows ({@code np.fliplr}).</li>
 * </ol>
 * Random draws per study come from one {@link SplittableRandom} in that order (s0, s1, s2, noise, r, k).
 */
final class VolumeAugment {

    /** Noise means of the reference (imgaug picks one of the list). */
    static final double[] NOISE_LOC = {10, 50};
    static final double NOISE_SIGMA_MIN = 2.55;
    static final double NOISE_SIGMA_MAX = 12.75;

    private VolumeAugment() {
    }

    /** {@code randint(lo, hi)}, bounds inclusive, as Python's {@code random.randint}. */
    static int randint(SplittableRandom r, int lo, int hi) {
        return r.nextInt(lo, hi + 1);
    }

    /** A reference offset (for M = 140) scaled to margin M. */
    static int scaled(int referenceOffset, int margin) {
        return (int) Math.round(referenceOffset * (double) margin / TrainingSettings.REFERENCE_MARGIN);
    }

    /** Crop offsets (depth, rows, cols) in the canvas: random for training, M/2 for evaluation. */
    static int[] offsets(SplittableRandom r, int margin) {
        if (r == null) {
            return new int[] {margin / 2, margin / 2, margin / 2};
        }
        int s0 = scaled(10 * randint(r, 5, 10), margin);
        int s1 = scaled(10 * randint(r, 2, 8), margin);
        int s2 = scaled(10 * randint(r, 2, 8), margin);
        return new int[] {s0, s1, s2};
    }

    /**
     * Steps 1–3 for an HU volume: the clipped values (not yet normalised) of the depth × size × size crop at
     * {@code off} (depth, rows, cols) of the canvas.
     *
     * @throws StageException naming the study for a spacing other than the schema's, a mask on another grid or a
     *         non-finite voxel anywhere in the CT
     */
    static float[] crop(String study, Volume ct, Mask lungs, VolumeSchema schema, int margin, int[] off) {
        VolumeGeometry g = ct.geometry();
        double[] sp = g.spacing();
        for (double s : sp) {
            if (Math.abs(s - schema.spacingMm()) > VolumeInput.SPACING_TOLERANCE_MM) {
                throw new StageException(study, "volume spacing is " + sp[0] + "×" + sp[1] + "×" + sp[2]
                        + " mm (x×y×z), the model reads " + schema.spacingMm() + " mm isotropic: resample the"
                        + " volume first");
            }
        }
        byte[] mask = null;
        if (lungs != null && schema.masked()) {
            if (!Arrays.equals(lungs.geometry().size(), g.size())) {
                throw new StageException(study, "lung mask grid is " + VolumeInput.shape(lungs.geometry())
                        + " (depth×height×width), the CT's is " + VolumeInput.shape(g));
            }
            mask = lungs.labels();
        }
        float[] hu = ct.voxels();
        for (int i = 0; i < hu.length; i++) {
            if (!Float.isFinite(hu[i])) {
                throw new StageException(study, "CT has a non-finite voxel (" + hu[i] + ") at index " + i);
            }
        }
        int[] n = g.size(); // x, y, z
        int[] out = {schema.width(), schema.height(), schema.depth()};
        int[] canvas = {out[0] + margin, out[1] + margin, out[2] + margin};
        int[] o = {off[2], off[1], off[0]}; // x = cols, y = rows, z = depth
        int[] shift = new int[3]; // source = canvas coordinate + shift
        for (int a = 0; a < 3; a++) {
            shift[a] = n[a] >= canvas[a] ? (n[a] - canvas[a]) / 2 : -((canvas[a] - n[a]) / 2);
        }
        double offset = schema.offset();
        double clip = schema.clipMax();
        float pad = (float) Math.min(0.0, clip);
        float[] v = new float[out[0] * out[1] * out[2]];
        int at = 0;
        for (int k = 0; k < out[2]; k++) {
            int sz = k + o[2] + shift[2];
            for (int j = 0; j < out[1]; j++) {
                int sy = j + o[1] + shift[1];
                boolean rowIn = sz >= 0 && sz < n[2] && sy >= 0 && sy < n[1];
                for (int i = 0; i < out[0]; i++, at++) {
                    int sx = i + o[0] + shift[0];
                    if (!rowIn || sx < 0 || sx >= n[0]) {
                        v[at] = pad;
                        continue;
                    }
                    int in = g.index(sx, sy, sz);
                    double value = mask != null && mask[in] == 0 ? 0 : hu[in] + offset;
                    v[at] = (float) Math.min(value, clip);
                }
            }
        }
        return v;
    }

    /** Step 4 with probability {@code p}: the reference's additive Gaussian noise, in place. */
    static boolean noise(float[] v, SplittableRandom r, double p) {
        if (!(r.nextDouble() < p)) {
            return false;
        }
        double loc = NOISE_LOC[r.nextInt(NOISE_LOC.length)];
        double sigma = NOISE_SIGMA_MIN + (NOISE_SIGMA_MAX - NOISE_SIGMA_MIN) * r.nextDouble();
        for (int i = 0; i < v.length; i++) {
            double x = Math.rint(v[i] + loc + sigma * r.nextGaussian());
            v[i] = (float) Math.max(0, Math.min(65535, x));
        }
        return true;
    }

    /** Step 5, in place. */
    static void normalise(float[] v, VolumeSchema schema) {
        double mean = schema.mean();
        double std = schema.std();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((v[i] - mean) / std);
        }
    }

    /**
     * Step 6: the reference's rot90/flip draw; returns the transformed volume (a new array, or {@code v} when
     * nothing applies). Codes: 0 none, 1–3 rot90 with that k, 4 flip of the rows.
     */
    static int drawOrientation(SplittableRandom r) {
        int x = randint(r, 0, 20);
        if (x < 3) {
            return 1;
        } else if (x == 10 || x == 20) {
            return 2;
        } else if (x == 15) {
            return randint(r, 1, 3);
        } else if (x == 4 || x == 5 || x == 6) {
            return 4;
        }
        return 0;
    }

    /**
     * Applies an orientation code to a depth × s × s volume (rows = cols = s): {@code np.rot90(m, k, axes=(1, 2))}
     * gives out[d, i, j] = m[d, j, s−1−i] (k = 1), m[d, s−1−i, s−1−j] (k = 2), m[d, s−1−j, i] (k = 3);
     * {@code np.fliplr} gives m[d, s−1−i, j].
     */
    static float[] orient(float[] m, int depth, int s, int code) {
        if (code == 0) {
            return m;
        }
        float[] out = new float[m.length];
        int plane = s * s;
        for (int d = 0; d < depth; d++) {
            int base = d * plane;
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    int si;
                    int sj;
                    switch (code) {
                    case 1 -> {
                        si = j;
                        sj = s - 1 - i;
                    }
                    case 2 -> {
                        si = s - 1 - i;
                        sj = s - 1 - j;
                    }
                    case 3 -> {
                        si = s - 1 - j;
                        sj = i;
                    }
                    case 4 -> {
                        si = s - 1 - i;
                        sj = j;
                    }
                    default -> throw new IllegalArgumentException("orientation code " + code);
                    }
                    out[base + i * s + j] = m[base + si * s + sj];
                }
            }
        }
        return out;
    }
}
