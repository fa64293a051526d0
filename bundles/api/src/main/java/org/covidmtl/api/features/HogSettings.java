package org.covidmtl.api.features;

import java.util.Arrays;

/**
 * Histogram of oriented gradients of one axial slice, as the COVID-MTL reference computes it
 * ({@code HOGFeatureExtractor.py}: scikit-image's {@code skimage.feature.hog}); since 2.3.0. The slice is
 * centre-cropped or zero-padded to {@code sliceRows × sliceColumns} (the reference's crop: its volumes are
 * 340 × 390 × 390), chosen as the one with the most mask voxels (or {@code slice}), min–max scaled to [0, 1];
 * the features are named {@code HOG_0 … HOG_{n-1}} in scikit-image's order.
 *
 * @param orientations orientation bins over [0°, 180°) [orientations, 32]
 * @param cellRows pixels per cell, rows [pixelsPerCell, 16]
 * @param cellColumns pixels per cell, columns [pixelsPerCell, 16]
 * @param blockRows cells per block, rows [cellsPerBlock, 1]
 * @param blockColumns cells per block, columns [cellsPerBlock, 1]
 * @param blockNorm block normalisation [blockNorm, L1]
 * @param transformSqrt square root of the scaled slice first (power-law compression) [transformSqrt, true]
 * @param sliceRows rows of the slice after the centre crop / zero pad [sliceSize, 390]
 * @param sliceColumns columns of the slice after the centre crop / zero pad [sliceSize, 390]
 * @param slice a fixed axial slice index (z, after resampling), or null for the slice with the most voxels of
 *        the mask's label inside the crop window (the first such slice) [slice, null]
 */
public record HogSettings(int orientations, int cellRows, int cellColumns, int blockRows, int blockColumns,
        BlockNorm blockNorm, boolean transformSqrt, int sliceRows, int sliceColumns, Integer slice) {

    /** The reference's parameters: 32 orientations, 16 × 16 pixels per cell, 1 × 1 cell per block, L1, sqrt, 390 × 390. */
    public static final HogSettings COVID_MTL = new HogSettings(32, 16, 16, 1, 1, BlockNorm.L1, true, 390, 390, null);

    /** scikit-image's block normalisations, with its names. */
    public enum BlockNorm {
        /** {@code v / (Σ|v| + ε)}. */
        L1("L1"),
        /** {@code √(v / (Σ|v| + ε))}. */
        L1_SQRT("L1-sqrt"),
        /** {@code v / √(Σv² + ε²)}. */
        L2("L2"),
        /** L2, then clipped at 0.2, then L2 again. */
        L2_HYS("L2-Hys");

        private final String key;

        BlockNorm(String key) {
            this.key = key;
        }

        /** scikit-image's name ({@code L1}, {@code L1-sqrt}, {@code L2}, {@code L2-Hys}). */
        public String key() {
            return key;
        }

        /** The normalisation with scikit-image's name. */
        public static BlockNorm of(String key) {
            return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst()
                    .orElseThrow(() -> new InvalidSettingException("hog.blockNorm", "must be one of "
                            + Arrays.toString(Arrays.stream(values()).map(BlockNorm::key).toArray()) + ", is " + key));
        }
    }

    public HogSettings {
        positive("hog.orientations", orientations);
        positive("hog.pixelsPerCell", cellRows);
        positive("hog.pixelsPerCell", cellColumns);
        positive("hog.cellsPerBlock", blockRows);
        positive("hog.cellsPerBlock", blockColumns);
        positive("hog.sliceSize", sliceRows);
        positive("hog.sliceSize", sliceColumns);
        if (blockNorm == null) {
            throw new InvalidSettingException("hog.blockNorm", "must be given");
        }
        if (sliceRows / cellRows < blockRows || sliceColumns / cellColumns < blockColumns) {
            throw new InvalidSettingException("hog.sliceSize", "a " + sliceRows + " × " + sliceColumns + " slice has "
                    + sliceRows / cellRows + " × " + sliceColumns / cellColumns + " cells of " + cellRows + " × " + cellColumns
                    + " pixels, fewer than one block of " + blockRows + " × " + blockColumns + " cells");
        }
        if (slice != null && slice < 0) {
            throw new InvalidSettingException("hog.slice", "must be a slice index >= 0 or null, is " + slice);
        }
    }

    /** Cells along the rows ({@code sliceRows / cellRows}, the remainder pixels unused, as scikit-image). */
    public int cellsDown() {
        return sliceRows / cellRows;
    }

    /** Cells along the columns. */
    public int cellsAcross() {
        return sliceColumns / cellColumns;
    }

    /** The number of features: blocks × cells per block × orientations. */
    public int featureCount() {
        return (cellsDown() - blockRows + 1) * (cellsAcross() - blockColumns + 1) * blockRows * blockColumns * orientations;
    }

    private static void positive(String key, int v) {
        if (v < 1) {
            throw new InvalidSettingException(key, "must be at least 1, is " + v);
        }
    }
}
