package org.covidmtl.radiomics;

/**
 * A region's grey levels after discretisation, shared by the texture families. {@code levels} covers the
 * region's box padded by one voxel on every side ({@code (nx + 2) × (ny + 2) × (nz + 2)}, x fastest): 1..
 * {@code maxLevel} inside the region, 0 outside it and in the padding, so that a neighbour at distance 1
 * of a box voxel, or the end of a walk leaving the box, reads 0 without a bounds check.
 * {@code grayLevels} lists the levels present.
 */
record Discretised(Roi roi, char[] levels, int maxLevel, int[] grayLevels, double[] binEdges) {

    /** Index of each level 1..maxLevel in {@link #grayLevels}, -1 where absent. */
    int[] levelIndex() {
        int[] idx = new int[maxLevel + 1];
        java.util.Arrays.fill(idx, -1);
        for (int k = 0; k < grayLevels.length; k++) {
            idx[grayLevels[k]] = k;
        }
        return idx;
    }

    /** Padded array length for a region's box. */
    static int paddedLength(Roi r) {
        return (r.nx + 2) * (r.ny + 2) * (r.nz + 2);
    }

    /** Index in {@link #levels} of box coordinates (x, y, z), each in -1..n. */
    int padded(int x, int y, int z) {
        return (x + 1) + (roi.nx + 2) * ((y + 1) + (roi.ny + 2) * (z + 1));
    }

    /** Index offset in {@link #levels} of the neighbour offset {dx, dy, dz}. */
    int offset(int[] d) {
        return d[0] + (roi.nx + 2) * (d[1] + (roi.ny + 2) * d[2]);
    }

    /** The index offsets of a list of neighbour offsets. */
    int[] offsets(int[][] dirs) {
        int[] o = new int[dirs.length];
        for (int k = 0; k < dirs.length; k++) {
            o[k] = offset(dirs[k]);
        }
        return o;
    }

    /** Level at box coordinates, 0 outside the box or the region. */
    int at(int x, int y, int z) {
        if (x < -1 || y < -1 || z < -1 || x > roi.nx || y > roi.ny || z > roi.nz) {
            return 0;
        }
        return levels[padded(x, y, z)];
    }
}
