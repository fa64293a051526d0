package org.covidmtl.radiomics;

/**
 * Counts per direction of {@link Directions#UNIQUE_13}, over a region's voxels in one parallel sweep of the
 * padded levels ({@link Discretised}): co-occurrences (GLCM) and runs (GLRLM), as flat int matrices.
 */
final class DirectionCounts {
    private DirectionCounts() {
    }

    /** Per direction, {@code c[i·ng + j]}: voxel pairs (a, a + direction) of present-level indices i, j. */
    static int[][] cooccurrences(Discretised d) {
        Roi r = d.roi();
        int[] idx = d.levelIndex();
        int ng = d.grayLevels().length;
        int[] off = d.offsets(Directions.UNIQUE_13);
        char[] lv = d.levels();
        return SliceChunks.accumulate(r.nz, () -> new int[off.length][ng * ng], (c, z) -> {
            for (int y = 0; y < r.ny; y++) {
                int p = d.padded(0, y, z);
                for (int x = 0; x < r.nx; x++, p++) {
                    int l = lv[p];
                    if (l == 0) {
                        continue;
                    }
                    int row = idx[l] * ng;
                    for (int k = 0; k < off.length; k++) {
                        int l2 = lv[p + off[k]];
                        if (l2 != 0) {
                            c[k][row + idx[l2]]++;
                        }
                    }
                }
            }
        }, SliceChunks::add);
    }

    /**
     * {@code c[((len − 1)·ng + i)·13 + k]}: runs in direction k of present-level index i and length len (the
     * counters of short runs, the most frequent, stay together). One streaming sweep: the run length at a voxel
     * is 1 + the one at its predecessor (if of the same level), kept for two slices; a run is counted at its
     * last voxel. A chunk's first slice finds its predecessors' lengths by walking back.
     */
    static int[] runs(Discretised d, int maxRun) {
        Roi r = d.roi();
        int[] idx = d.levelIndex();
        int ng = d.grayLevels().length;
        int[] off = d.offsets(Directions.UNIQUE_13);
        int nd = off.length;
        boolean[] back = new boolean[nd];
        for (int k = 0; k < nd; k++) {
            back[k] = Directions.UNIQUE_13[k][2] != 0;
        }
        int lenStride = ng * nd;
        int plane = (r.nx + 2) * (r.ny + 2);
        char[] lv = d.levels();
        return SliceChunks.accumulate(r.nz, () -> new RunState(maxRun * lenStride, 2 * plane * nd), (st, z) -> {
            boolean first = st.firstSlice < 0;
            if (first) {
                st.firstSlice = z;
            }
            int[] c = st.counts;
            char[] ring = st.ring;
            int base = (z & 1) * plane;
            int prevBase = ((z + 1) & 1) * plane;
            int[] delta = new int[nd];
            int[] from = new int[nd]; // ring index offset of the predecessor's length, from the slot's first
            for (int k = 0; k < nd; k++) {
                delta[k] = (back[k] ? prevBase - base + plane : 0) - off[k];
                from[k] = delta[k] * nd + k;
            }
            int p0 = d.padded(0, 0, z) - 1 - (r.nx + 2);
            for (int y = 0; y < r.ny; y++) {
                int p = d.padded(0, y, z);
                for (int x = 0; x < r.nx; x++, p++) {
                    char l = lv[p];
                    if (l == 0) {
                        continue;
                    }
                    int slot = base + (p - p0);
                    int at = idx[l] * nd - lenStride;
                    if (first) {
                        for (int k = 0; k < nd; k++) {
                            int o = off[k];
                            int len = 1;
                            if (lv[p - o] == l) {
                                if (back[k]) {
                                    for (int q = p - o; lv[q] == l; q -= o) {
                                        len++;
                                    }
                                } else {
                                    len = ring[(slot + delta[k]) * nd + k] + 1;
                                }
                            }
                            ring[slot * nd + k] = (char) len;
                            if (lv[p + o] != l) {
                                c[at + k + len * lenStride]++;
                            }
                        }
                        continue;
                    }
                    int ri = slot * nd;
                    for (int k = 0; k < nd; k++) {
                        // branch-free (the comparisons are unpredictable): 0/1 flags from the sign bit
                        int o = off[k];
                        int before = lv[p - o] ^ l;
                        int differs = (before | -before) >>> 31;
                        int len = 1 + (ring[ri + from[k]] & (differs - 1));
                        ring[ri + k] = (char) len;
                        int after = lv[p + o] ^ l;
                        c[at + k + len * lenStride] += (after | -after) >>> 31;
                    }
                }
            }
        }, (a, b) -> {
            SliceChunks.add(a.counts, b.counts);
            return a;
        }).counts;
    }

    /** A chunk's run counts and the run lengths of its last two slices ({@code ring[slot·13 + k]}). */
    private static final class RunState {
        final int[] counts;
        final char[] ring;
        int firstSlice = -1;

        RunState(int counts, int ring) {
            this.counts = new int[counts];
            this.ring = new char[ring];
        }
    }
}
