package org.covidmtl.segmentation;

/**
 * Connected-component labelling by union-find in one raster pass (then one relabelling pass) on a
 * boolean grid, i fastest. Components are numbered 1..count in raster order of their first voxel;
 * 0 is background.
 */
public final class Components {
    /** In-plane 4-connectivity. */
    public static final int CONN_4 = 4;
    /** In-plane 8-connectivity. */
    public static final int CONN_8 = 8;
    /** Full 3-D 26-connectivity. */
    public static final int CONN_26 = 26;

    private final int[] labels;
    private final long[] sizes;

    private Components(int[] labels, long[] sizes) {
        this.labels = labels;
        this.sizes = sizes;
    }

    /** Labels per voxel, 0 = background. */
    public int[] labels() {
        return labels;
    }

    /** Number of components. */
    public int count() {
        return sizes.length - 1;
    }

    /** Voxels in component {@code c} (1-based). */
    public long size(int c) {
        return sizes[c];
    }

    /** The label of the largest component, 0 when there is none. */
    public int largest() {
        int best = 0;
        for (int c = 1; c < sizes.length; c++) {
            if (sizes[c] > sizes[best] || best == 0) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The components whose {@code keep[label]} is set, renumbered 1..n in their order: the same labels
     * and sizes as labelling their voxels alone (components stay maximal, raster order is kept).
     */
    public Components subset(boolean[] keep) {
        int[] map = new int[sizes.length];
        int n = 0;
        for (int c = 1; c < sizes.length; c++) {
            map[c] = keep[c] ? ++n : 0;
        }
        long[] s = new long[n + 1];
        for (int c = 1; c < sizes.length; c++) {
            s[map[c]] += keep[c] ? sizes[c] : 0;
        }
        s[0] = 0;
        int[] l = new int[labels.length];
        for (int p = 0; p < l.length; p++) {
            l[p] = map[labels[p]];
        }
        return new Components(l, s);
    }

    /** True where a voxel belongs to a component. */
    public boolean[] foreground() {
        boolean[] f = new boolean[labels.length];
        for (int p = 0; p < f.length; p++) {
            f[p] = labels[p] != 0;
        }
        return f;
    }

    /** Components of a 2-D grid ({@code nz = 1}) or a 3-D grid. */
    public static Components of(boolean[] fg, int nx, int ny, int nz, int connectivity) {
        int[] off = offsets(connectivity);
        int n = fg.length;
        int[] provisional = new int[n];
        int next = 0;
        int[] roots = new int[Math.max(16, n / 8)];
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int p = i + nx * (j + ny * k);
                    if (!fg[p]) {
                        continue;
                    }
                    int mine = -1;
                    int seen = -1; // provisional label of the last foreground neighbour: already merged
                    for (int o = 0; o < off.length; o += 3) {
                        int ii = i + off[o];
                        int jj = j + off[o + 1];
                        int kk = k + off[o + 2];
                        if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny) {
                            continue;
                        }
                        int q = ii + nx * (jj + ny * kk);
                        if (!fg[q]) {
                            continue;
                        }
                        int pq = provisional[q];
                        if (pq == seen || pq == mine) {
                            continue;
                        }
                        seen = pq;
                        int r = find(roots, pq);
                        if (mine < 0) {
                            mine = r;
                        } else if (r != mine) {
                            int lo = Math.min(r, mine);
                            roots[Math.max(r, mine)] = lo;
                            mine = lo;
                        }
                    }
                    if (mine < 0) {
                        next++;
                        if (next >= roots.length) {
                            roots = java.util.Arrays.copyOf(roots, roots.length * 2);
                        }
                        roots[next] = next;
                        mine = next;
                    }
                    provisional[p] = mine;
                }
            }
        }
        int[] finalLabel = new int[next + 1];
        int count = 0;
        for (int c = 1; c <= next; c++) {
            int r = find(roots, c);
            if (r == c) {
                finalLabel[c] = ++count;
            }
        }
        long[] sizes = new long[count + 1];
        for (int p = 0; p < n; p++) {
            if (fg[p]) {
                int l = finalLabel[find(roots, provisional[p])];
                provisional[p] = l;
                sizes[l]++;
            }
        }
        return new Components(provisional, sizes);
    }

    private static int find(int[] roots, int c) {
        int r = c;
        while (roots[r] != r) {
            r = roots[r];
        }
        while (roots[c] != r) {
            int up = roots[c];
            roots[c] = r;
            c = up;
        }
        return r;
    }

    /** Offsets (di, dj, dk) of the neighbours visited before a voxel in raster order. */
    private static int[] offsets(int connectivity) {
        return switch (connectivity) {
            case CONN_4 -> new int[] {-1, 0, 0, 0, -1, 0};
            case CONN_8 -> new int[] {-1, 0, 0, -1, -1, 0, 0, -1, 0, 1, -1, 0};
            case CONN_26 -> {
                int[] o = new int[13 * 3];
                int m = 0;
                for (int dk = -1; dk <= 0; dk++) {
                    for (int dj = -1; dj <= 1; dj++) {
                        for (int di = -1; di <= 1; di++) {
                            if (dk == 0 && (dj > 0 || (dj == 0 && di >= 0))) {
                                continue;
                            }
                            o[m++] = di;
                            o[m++] = dj;
                            o[m++] = dk;
                        }
                    }
                }
                yield o;
            }
            default -> throw new IllegalArgumentException("connectivity must be 4, 8 or 26, got " + connectivity);
        };
    }
}
