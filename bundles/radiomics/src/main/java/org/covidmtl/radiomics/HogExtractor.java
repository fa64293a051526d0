package org.covidmtl.radiomics;

import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.HogSettings;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;

/**
 * The COVID-MTL reference's HOG step ({@code HOGFeatureExtractor.py}): the axial slice (fixed z) of the image,
 * centre-cropped or zero-padded in-plane to the settings' slice size (its {@code CropSave.py} rule per axis: start
 * {@code ⌊|n − size| / 2⌋}), the slice with the most voxels of the mask's label inside that window (the first on a
 * tie, 0 if none; or the settings' fixed slice), shifted by its minimum and divided by its maximum (whole window,
 * padding included), then {@link Hog}. Rows are the volume's j axis, columns its i axis.
 */
final class HogExtractor {
    private HogExtractor() {
    }

    /** The chosen slice (z), its scaled row-major pixels, and the features. */
    record Result(int slice, double[] scaled, double[] features) {
    }

    static Result compute(Volume image, Mask mask, int label, HogSettings s, List<String> warnings, Map<String, String> diagnostics) {
        int[] size = image.geometry().size();
        int nx = size[0];
        int ny = size[1];
        int nz = size[2];
        int rows = s.sliceRows();
        int cols = s.sliceColumns();
        // window: out[r][c] = in[r + dr][c + dc] where in range (dr < 0 when padding)
        int dr = ny >= rows ? (ny - rows) / 2 : -((rows - ny) / 2);
        int dc = nx >= cols ? (nx - cols) / 2 : -((cols - nx) / 2);
        int r0 = Math.max(0, -dr);
        int r1 = Math.min(rows, ny - dr);
        int c0 = Math.max(0, -dc);
        int c1 = Math.min(cols, nx - dc);
        int z;
        if (s.slice() != null) {
            z = s.slice();
            if (z >= nz) {
                throw new InvalidSettingException("hog.slice", "slice " + z + " is outside the image's " + nz + " slices");
            }
        } else {
            byte[] labels = mask.labels();
            z = 0;
            long best = 0;
            for (int k = 0; k < nz; k++) {
                long count = 0;
                for (int r = r0; r < r1; r++) {
                    int base = (k * ny + r + dr) * nx + dc;
                    for (int c = c0; c < c1; c++) {
                        if ((labels[base + c] & 0xff) == label) {
                            count++;
                        }
                    }
                }
                if (best < count) {
                    best = count;
                    z = k;
                }
            }
            diagnostics.put("HOG_SliceMaskPixels", Long.toString(best));
        }
        diagnostics.put("HOG_Slice", Integer.toString(z));
        float[] voxels = image.voxels();
        double[] slice = new double[rows * cols];
        for (int r = r0; r < r1; r++) {
            int base = (z * ny + r + dr) * nx + dc;
            for (int c = c0; c < c1; c++) {
                slice[r * cols + c] = voxels[base + c];
            }
        }
        double min = Double.POSITIVE_INFINITY;
        for (double v : slice) {
            min = Math.min(min, v);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < slice.length; i++) {
            slice[i] -= min;
            max = Math.max(max, slice[i]);
        }
        if (!(max > 0)) {
            warnings.add("HOG: slice " + z + " is constant (" + min + "): min-max scaling divides by 0, HOG features are NaN");
        }
        for (int i = 0; i < slice.length; i++) {
            slice[i] /= max;
        }
        return new Result(z, slice, Hog.compute(slice, rows, cols, s));
    }
}
