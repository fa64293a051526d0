package org.covidmtl.radiomics;

/**
 * A region's grey levels after discretisation, shared by the texture families: {@code levels} is box
 * sized, 1..{@code maxLevel} inside the region and 0 outside; {@code grayLevels} lists the levels present.
 */
record Discretised(Roi roi, int[] levels, int maxLevel, int[] grayLevels, double[] binEdges) {

    /** Index of each level 1..maxLevel in {@link #grayLevels}, -1 where absent. */
    int[] levelIndex() {
        int[] idx = new int[maxLevel + 1];
        java.util.Arrays.fill(idx, -1);
        for (int k = 0; k < grayLevels.length; k++) {
            idx[grayLevels[k]] = k;
        }
        return idx;
    }

    /** Level at box coordinates, 0 outside the box or the region. */
    int at(int x, int y, int z) {
        return roi.contains(x, y, z) ? levels[roi.index(x, y, z)] : 0;
    }
}
