package org.covidmtl.api.volume;

import java.util.Arrays;

/**
 * The physical grid of a volume in patient coordinates, LPS (x to the patient's left, y to
 * posterior, z to superior), millimetres, ITK conventions:
 * {@code point = origin + direction · diag(spacing) · index}.
 *
 * <p>Index axis 0 runs along columns (i, fastest in memory), axis 1 along rows (j), axis 2 along
 * slices (k). {@code direction} is a row-major 3×3 matrix whose <em>column</em> {@code a} is the unit
 * direction of index axis {@code a}.
 *
 * @param size voxels along i, j, k (columns, rows, slices)
 * @param spacing voxel size along i, j, k in mm
 * @param origin LPS position of the centre of voxel (0,0,0) in mm
 * @param direction row-major direction cosines, columns are the axis directions
 */
public record VolumeGeometry(int[] size, double[] spacing, double[] origin, double[] direction) {

    public VolumeGeometry {
        if (size == null || size.length != 3 || spacing == null || spacing.length != 3 || origin == null
                || origin.length != 3 || direction == null || direction.length != 9) {
            throw new IllegalArgumentException("geometry needs 3 sizes, 3 spacings, 3 origin values, 9 direction cosines");
        }
        for (int a = 0; a < 3; a++) {
            if (size[a] <= 0) {
                throw new IllegalArgumentException("size along axis " + a + " is " + size[a]);
            }
            if (!(spacing[a] > 0) || !Double.isFinite(spacing[a])) {
                throw new IllegalArgumentException("spacing along axis " + a + " is " + spacing[a]);
            }
            if (!Double.isFinite(origin[a])) {
                throw new IllegalArgumentException("origin along axis " + a + " is " + origin[a]);
            }
        }
        for (double d : direction) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("direction cosine is " + d);
            }
        }
        size = size.clone();
        spacing = spacing.clone();
        origin = origin.clone();
        direction = direction.clone();
    }

    /** Identity direction (axial, LPS) with the given size, spacing and origin. */
    public static VolumeGeometry axial(int[] size, double[] spacing, double[] origin) {
        return new VolumeGeometry(size, spacing, origin, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    @Override
    public int[] size() {
        return size.clone();
    }

    @Override
    public double[] spacing() {
        return spacing.clone();
    }

    @Override
    public double[] origin() {
        return origin.clone();
    }

    @Override
    public double[] direction() {
        return direction.clone();
    }

    public int sizeX() {
        return size[0];
    }

    public int sizeY() {
        return size[1];
    }

    public int sizeZ() {
        return size[2];
    }

    /** Number of voxels. */
    public long voxelCount() {
        return (long) size[0] * size[1] * size[2];
    }

    /** Linear index of voxel (i, j, k), i fastest. */
    public int index(int i, int j, int k) {
        return i + size[0] * (j + size[1] * k);
    }

    /** LPS position (mm) of the centre of voxel (i, j, k); fractional indices allowed. */
    public double[] toPhysical(double i, double j, double k) {
        double[] idx = {i * spacing[0], j * spacing[1], k * spacing[2]};
        double[] p = new double[3];
        for (int r = 0; r < 3; r++) {
            p[r] = origin[r] + direction[3 * r] * idx[0] + direction[3 * r + 1] * idx[1] + direction[3 * r + 2] * idx[2];
        }
        return p;
    }

    /** Continuous index of an LPS point (inverse of {@link #toPhysical}); assumes orthonormal direction. */
    public double[] toIndex(double x, double y, double z) {
        double[] d = {x - origin[0], y - origin[1], z - origin[2]};
        double[] idx = new double[3];
        for (int a = 0; a < 3; a++) {
            double s = direction[a] * d[0] + direction[3 + a] * d[1] + direction[6 + a] * d[2];
            idx[a] = s / spacing[a];
        }
        return idx;
    }

    /** Same grid, within {@code tolerance} mm on spacing and origin and 1e-4 on direction cosines. */
    public boolean sameGrid(VolumeGeometry other, double tolerance) {
        if (!Arrays.equals(size, other.size)) {
            return false;
        }
        for (int a = 0; a < 3; a++) {
            if (Math.abs(spacing[a] - other.spacing[a]) > tolerance || Math.abs(origin[a] - other.origin[a]) > tolerance) {
                return false;
            }
        }
        for (int e = 0; e < 9; e++) {
            if (Math.abs(direction[e] - other.direction[e]) > 1e-4) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeGeometry g && Arrays.equals(size, g.size) && Arrays.equals(spacing, g.spacing)
                && Arrays.equals(origin, g.origin) && Arrays.equals(direction, g.direction);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(size) * 31 + Arrays.hashCode(spacing);
    }

    @Override
    public String toString() {
        return "VolumeGeometry[size=" + Arrays.toString(size) + ", spacing=" + Arrays.toString(spacing) + ", origin="
                + Arrays.toString(origin) + ", direction=" + Arrays.toString(direction) + "]";
    }
}
