package org.covidmtl.segmentation;

import java.util.List;

import org.covidmtl.api.segmentation.SegmentationResult;

/**
 * Labels lung components right or left. Patient right is −x in LPS; a voxel is on the right when
 * its column lies on the −x side of its slice's body centre. A component takes the side of most of its
 * voxels. A component with at least {@link #JOINED_FRACTION} of its voxels on each side is two lungs
 * joined (through the airways, or at the anterior junction line): it is cut, slice by slice, at the
 * column with the fewest lung voxels within {@link #CENTRAL_FRACTION} of the body's width from
 * the centre (the valley between the lungs), and a warning says so — if that valley is deep (see
 * {@link #split}); otherwise it is one lung lying across the body centre and takes its majority side.
 * On a cropped field of view the body centre is not the patient's midline; a lung there is still
 * labelled by its majority side, which can be wrong when the crop holds little of the body.
 */
final class Sides {
    static final double JOINED_FRACTION = 0.25;
    /** Half-width of the band, as a fraction of the body's width, searched for the valley between the lungs. */
    static final double CENTRAL_FRACTION = 0.15;
    /** Deepest a valley may be, relative to the fullest column of its slice, to count as the gap between two lungs. */
    static final double MAX_VALLEY_RATIO = 0.2;

    private Sides() {
    }

    /**
     * @param xPerColumn the x-component of the column axis direction (sign says which way is patient left)
     * @return labels {@link SegmentationResult#RIGHT_LUNG} / {@link SegmentationResult#LEFT_LUNG}
     */
    static byte[] label(Components comps, int nx, int ny, int nz, double xPerColumn, InsideAir.Result body,
            List<String> warnings) {
        int plane = nx * ny;
        int[] l = comps.labels();
        int n = comps.count();
        double[] centre = centres(body.bodyCentreI(), nx);
        long[] rightCount = new long[n + 1];
        for (int p = 0; p < l.length; p++) {
            if (l[p] != 0 && isRight(p % nx, centre[p / plane], xPerColumn)) {
                rightCount[l[p]]++;
            }
        }
        byte[] out = new byte[l.length];
        for (int c = 1; c <= n; c++) {
            long right = rightCount[c];
            long left = comps.size(c) - right;
            if (Math.min(right, left) >= JOINED_FRACTION * comps.size(c)
                    && split(l, c, out, nx, ny, nz, centre, body, xPerColumn)) {
                warnings.add("right and left lung joined in one component of " + comps.size(c)
                        + " voxels; split at the valley between them, slice by slice");
            } else {
                byte side = (byte) (right >= left ? SegmentationResult.RIGHT_LUNG : SegmentationResult.LEFT_LUNG);
                for (int p = 0; p < l.length; p++) {
                    if (l[p] == c) {
                        out[p] = side;
                    }
                }
            }
        }
        return out;
    }

    private static boolean isRight(double i, double centre, double xPerColumn) {
        return (i - centre) * xPerColumn < 0;
    }

    /**
     * Cuts component {@code c} at the valley of each slice, if the valley is deep: in the median slice
     * the cut column holds at most {@link #MAX_VALLEY_RATIO} of the fullest column. Else nothing is
     * written and false returned (one lung lying across the body centre, e.g. on a cropped field of view).
     */
    private static boolean split(int[] l, int c, byte[] out, int nx, int ny, int nz, double[] centre,
            InsideAir.Result body, double xPerColumn) {
        int plane = nx * ny;
        int[] count = new int[nx];
        int[] cuts = new int[nz];
        double[] ratios = new double[nz];
        int slices = 0;
        for (int k = 0; k < nz; k++) {
            java.util.Arrays.fill(count, 0);
            int off = k * plane;
            int max = 0;
            for (int p = 0; p < plane; p++) {
                if (l[off + p] == c) {
                    max = Math.max(max, ++count[p % nx]);
                }
            }
            int width = body.bodyMinI()[k] < 0 ? nx : body.bodyMaxI()[k] - body.bodyMinI()[k] + 1;
            int half = (int) Math.ceil(CENTRAL_FRACTION * width);
            int mid = (int) Math.max(0, Math.min(nx - 1, Math.round(centre[k])));
            int cut = mid;
            for (int i = Math.max(0, mid - half); i <= Math.min(nx - 1, mid + half); i++) {
                if (count[i] < count[cut] || (count[i] == count[cut] && Math.abs(i - mid) < Math.abs(cut - mid))) {
                    cut = i;
                }
            }
            cuts[k] = cut;
            if (max > 0) {
                ratios[slices++] = count[cut] / (double) max;
            }
        }
        double[] r = java.util.Arrays.copyOf(ratios, slices);
        java.util.Arrays.sort(r);
        if (slices == 0 || r[slices / 2] > MAX_VALLEY_RATIO) {
            return false;
        }
        for (int k = 0; k < nz; k++) {
            int off = k * plane;
            for (int p = 0; p < plane; p++) {
                if (l[off + p] == c) {
                    out[off + p] = (byte) (isRight(p % nx, cuts[k], xPerColumn) ? SegmentationResult.RIGHT_LUNG
                            : SegmentationResult.LEFT_LUNG);
                }
            }
        }
        return true;
    }

    /** Body centre per slice; slices without body take the mean over the others (or the image centre). */
    private static double[] centres(double[] perSlice, int nx) {
        double sum = 0;
        int n = 0;
        for (double c : perSlice) {
            if (!Double.isNaN(c)) {
                sum += c;
                n++;
            }
        }
        double fallback = n > 0 ? sum / n : (nx - 1) / 2.0;
        double[] out = perSlice.clone();
        for (int k = 0; k < out.length; k++) {
            if (Double.isNaN(out[k])) {
                out[k] = fallback;
            }
        }
        return out;
    }
}
