package org.covidmtl.api.model;

/**
 * The volume a model reads: a {@code depth × height × width} crop on an isotropic grid, intensities mapped by
 * {@code (min(value, clipMax) − mean) / std} where {@code value} is HU + {@code offset} (the paper: offset 1024,
 * clip 2000, mean 16.71, std 85.17, 200×250×250 at 1 mm).
 *
 * @param depth slices (z)
 * @param height rows (y)
 * @param width columns (x)
 * @param spacingMm voxel size in mm, the same along every axis
 * @param offset added to HU before clipping
 * @param clipMax values above it are set to it
 * @param mean subtracted after clipping
 * @param std divided by after subtracting
 * @param masked whether voxels outside the lungs are set to 0 (in offset HU) before clipping
 */
public record VolumeSchema(int depth, int height, int width, double spacingMm, double offset, double clipMax,
        double mean, double std, boolean masked) {
    public VolumeSchema {
        if (depth < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("volume input must be at least 1×1×1, is " + depth + "×" + height
                    + "×" + width);
        }
        if (!(spacingMm > 0) || !(std > 0)) {
            throw new IllegalArgumentException("spacing and std must be > 0");
        }
    }

    /** The paper's input: the lungs-only CT at 1 mm, HU + 1024, clipped at 2000, (x − 16.71) / 85.17. */
    public static VolumeSchema paper(int depth, int height, int width) {
        return new VolumeSchema(depth, height, width, 1.0, 1024, 2000, 16.71, 85.17, true);
    }

    /** {@code depth×height×width}. */
    public String shape() {
        return depth + "×" + height + "×" + width;
    }
}
