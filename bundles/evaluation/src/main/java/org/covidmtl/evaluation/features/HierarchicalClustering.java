package org.covidmtl.evaluation.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Agglomerative clustering with average linkage (UPGMA) on the Pearson-correlation distance 1 − r, as
 * {@code scipy.cluster.hierarchy.linkage(x, 'average', metric='correlation')} does.
 */
public final class HierarchicalClustering {

    /**
     * One merge.
     *
     * @param left id of the first cluster (leaves are 0..n-1, merge i creates n+i)
     * @param right id of the second
     * @param height linkage distance
     * @param size leaves under the new cluster
     */
    public record Merge(int left, int right, double height, int size) {
    }

    /**
     * @param merges n − 1 merges, in order
     * @param order leaves in dendrogram order
     */
    public record Tree(List<Merge> merges, int[] order) {
    }

    private HierarchicalClustering() {
    }

    /** 1 − Pearson correlation of two vectors (1 when either is constant). */
    public static double correlationDistance(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa == 0 || sbb == 0) {
            return 1;
        }
        return 1 - sab / Math.sqrt(saa * sbb);
    }

    /** Clusters the rows of {@code x}. */
    public static Tree cluster(double[][] x) {
        int n = x.length;
        if (n == 0) {
            return new Tree(List.of(), new int[0]);
        }
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = d[j][i] = correlationDistance(x[i], x[j]);
            }
        }
        int[] id = new int[n];
        int[] size = new int[n];
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
            size[i] = 1;
            active[i] = true;
        }
        // nearest active neighbour of every slot (kept up to date; rescanned when stale)
        int[] nn = new int[n];
        double[] nnd = new double[n];
        for (int i = 0; i < n; i++) {
            rescan(i, d, active, nn, nnd);
        }
        List<Merge> merges = new ArrayList<>(n - 1);
        int[][] children = new int[n - 1][];
        for (int step = 0; step < n - 1; step++) {
            int a = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (active[i] && nn[i] >= 0 && nnd[i] < best) {
                    best = nnd[i];
                    a = i;
                }
            }
            int b = nn[a];
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            merges.add(new Merge(Math.min(id[lo], id[hi]), Math.max(id[lo], id[hi]), best, size[lo] + size[hi]));
            children[step] = new int[] { Math.min(id[lo], id[hi]), Math.max(id[lo], id[hi]) };
            // merged cluster lives in slot lo
            for (int k = 0; k < n; k++) {
                if (active[k] && k != lo && k != hi) {
                    double v = (d[lo][k] * size[lo] + d[hi][k] * size[hi]) / (size[lo] + size[hi]);
                    d[lo][k] = d[k][lo] = v;
                }
            }
            active[hi] = false;
            size[lo] += size[hi];
            id[lo] = n + step;
            for (int i = 0; i < n; i++) {
                if (!active[i]) {
                    continue;
                }
                if (i == lo || nn[i] == lo || nn[i] == hi) {
                    rescan(i, d, active, nn, nnd);
                } else if (d[i][lo] < nnd[i]) {
                    nn[i] = lo;
                    nnd[i] = d[i][lo];
                }
            }
        }
        int[] order = new int[n];
        int[] pos = { 0 };
        leaves(n == 1 ? 0 : 2 * n - 2, n, children, order, pos);
        return new Tree(merges, order);
    }

    private static void rescan(int i, double[][] d, boolean[] active, int[] nn, double[] nnd) {
        nn[i] = -1;
        nnd[i] = Double.POSITIVE_INFINITY;
        for (int k = 0; k < d.length; k++) {
            if (k != i && active[k] && d[i][k] < nnd[i]) {
                nnd[i] = d[i][k];
                nn[i] = k;
            }
        }
    }

    private static void leaves(int node, int n, int[][] children, int[] order, int[] pos) {
        // iterative to survive deep trees
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        stack.push(node);
        while (!stack.isEmpty()) {
            int c = stack.pop();
            if (c < n) {
                order[pos[0]++] = c;
            } else {
                int[] ch = children[c - n];
                stack.push(ch[1]);
                stack.push(ch[0]);
            }
        }
    }
}
