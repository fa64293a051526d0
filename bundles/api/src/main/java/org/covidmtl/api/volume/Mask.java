package org.covidmtl.api.volume;

/**
 * A label volume (0 = background; 1 = lung for a binary mask; more labels for lobes) on a
 * {@link VolumeGeometry}, i fastest.
 */
public final class Mask {
    private final VolumeGeometry geometry;
    private final byte[] labels;

    public Mask(VolumeGeometry geometry, byte[] labels) {
        if (labels.length != geometry.voxelCount()) {
            throw new IllegalArgumentException(
                    "mask has " + labels.length + " voxels but its geometry needs " + geometry.voxelCount());
        }
        this.geometry = geometry;
        this.labels = labels;
    }

    public VolumeGeometry geometry() {
        return geometry;
    }

    /** The label array itself (not a copy), i fastest. */
    public byte[] labels() {
        return labels;
    }

    /** Number of voxels with a non-zero label. */
    public long count() {
        long n = 0;
        for (byte b : labels) {
            if (b != 0) {
                n++;
            }
        }
        return n;
    }
}
