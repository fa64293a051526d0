package org.covidmtl.api.volume;

/**
 * A scalar volume of float voxels (Hounsfield units for CT) on a {@link VolumeGeometry}. Voxels are
 * stored i fastest, then j, then k. The array is owned by the volume: readers hand it over, callers
 * must not share it between volumes they mutate.
 */
public final class Volume {
    private final VolumeGeometry geometry;
    private final float[] voxels;

    public Volume(VolumeGeometry geometry, float[] voxels) {
        if (voxels.length != geometry.voxelCount()) {
            throw new IllegalArgumentException(
                    "volume has " + voxels.length + " voxels but its geometry needs " + geometry.voxelCount());
        }
        this.geometry = geometry;
        this.voxels = voxels;
    }

    public VolumeGeometry geometry() {
        return geometry;
    }

    /** The voxel array itself (not a copy), i fastest. */
    public float[] voxels() {
        return voxels;
    }

    public float get(int i, int j, int k) {
        return voxels[geometry.index(i, j, k)];
    }

    /** Minimum, maximum and mean of the voxels. */
    public double[] minMaxMean() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : voxels) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new double[] {min, max, sum / voxels.length};
    }
}
