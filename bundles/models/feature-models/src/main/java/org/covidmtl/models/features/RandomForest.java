package org.covidmtl.models.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A random forest classifier in the manner of scikit-learn's {@code RandomForestClassifier}: CART trees
 * with Gini impurity, a random subset of features per split (the search goes on past that many features
 * while all drawn ones are constant in the node, as scikit-learn's does), bootstrap samples as integer sample weights,
 * fully grown trees by default, probabilities = mean of the leaves' class fractions.
 * <p>
 * Features are ranked once per column, so a node sorts (rank, row) pairs packed into longs. Trees are
 * grown in parallel; every tree has its own random stream split off the seed in tree order, so the
 * forest does not depend on the number of threads.
 */
public final class RandomForest {

    /** Hyper-parameters. {@code maxFeatures} ≤ 0 means √d (rounded down, at least 1). */
    public record Config(int trees, int maxFeatures, int maxDepth, int minSamplesSplit, boolean bootstrap,
            int threads) {
        public Config {
            if (trees < 1) {
                throw new IllegalArgumentException("trees must be at least 1, is " + trees);
            }
            if (minSamplesSplit < 2) {
                throw new IllegalArgumentException("min-samples-split must be at least 2, is " + minSamplesSplit);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, is " + threads);
            }
        }

        public static Config defaults() {
            return new Config(1000, 0, 0, 2, true, Runtime.getRuntime().availableProcessors());
        }
    }

    private final int classes;
    private final int features;
    private final Tree[] trees;

    /** Out-of-bag class probabilities of the training rows (rows × classes; NaN rows never out of bag), or null. */
    private double[][] outOfBag;

    private RandomForest(int classes, int features, Tree[] trees) {
        this.classes = classes;
        this.features = features;
        this.trees = trees;
    }

    /**
     * Grows a forest.
     *
     * @param x rows × features
     * @param y class per row, 0..classes-1
     * @param treeDone called with the number of trees grown so far (from worker threads); may throw to stop
     */
    public static RandomForest train(double[][] x, int[] y, int classes, Config config, long seed,
            IntConsumer treeDone) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException(n + " rows, " + y.length + " labels");
        }
        int d = x[0].length;
        for (int v : y) {
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException("label " + v + " outside 0.." + (classes - 1));
            }
        }
        Ranked ranked = Ranked.of(x);
        int mtry = config.maxFeatures() > 0 ? Math.min(config.maxFeatures(), d) : Math.max(1, (int) Math.sqrt(d));
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] streams = new SplittableRandom[config.trees()];
        for (int t = 0; t < streams.length; t++) {
            streams[t] = root.split();
        }
        Tree[] trees = new Tree[config.trees()];
        java.util.BitSet[] inBag = new java.util.BitSet[config.trees()];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread th = new Thread(r, "random-forest-" + threadNo.incrementAndGet());
            th.setDaemon(true);
            return th;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.threads(), trees.length), tf);
        try {
            List<Future<?>> futures = new ArrayList<>(trees.length);
            for (int t = 0; t < trees.length; t++) {
                int tt = t;
                futures.add(pool.submit(() -> {
                    Grower g = new Grower(ranked, y, classes, mtry, config, streams[tt]);
                    trees[tt] = g.grow();
                    inBag[tt] = g.inBag();
                    if (treeDone != null) {
                        treeDone.accept(done.incrementAndGet());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while growing the forest", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        RandomForest forest = new RandomForest(classes, d, trees);
        if (config.bootstrap()) {
            forest.outOfBag = outOfBag(trees, inBag, x, classes);
        }
        return forest;
    }

    /**
     * Each training row's probabilities from the trees whose bootstrap sample left it out (Breiman's out-of-bag
     * estimate; about a third of the trees): predictions of studies the trees did not train on, for calibration.
     */
    private static double[][] outOfBag(Tree[] trees, java.util.BitSet[] inBag, double[][] x, int classes) {
        double[][] p = new double[x.length][classes];
        for (int i = 0; i < x.length; i++) {
            int n = 0;
            for (int t = 0; t < trees.length; t++) {
                if (inBag[t].get(i)) {
                    continue;
                }
                int leaf = trees[t].leaf(x[i]);
                for (int c = 0; c < classes; c++) {
                    p[i][c] += trees[t].value[leaf * classes + c];
                }
                n++;
            }
            for (int c = 0; c < classes; c++) {
                p[i][c] = n == 0 ? Double.NaN : p[i][c] / n;
            }
        }
        return p;
    }

    /**
     * The training rows' out-of-bag probabilities (rows × classes, in the training order; a row that was in every
     * tree's sample is NaN), or null when the forest was read from a file or grown without bootstrap.
     */
    public double[][] outOfBagProbabilities() {
        return outOfBag;
    }

    /** Class probabilities, rows × classes: the mean over trees of the leaf's class fractions. */
    public double[][] predictProba(double[][] x) {
        double[][] p = new double[x.length][classes];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != features) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, forest " + features);
            }
            for (Tree t : trees) {
                int leaf = t.leaf(x[i]);
                for (int c = 0; c < classes; c++) {
                    p[i][c] += t.value[leaf * classes + c];
                }
            }
            for (int c = 0; c < classes; c++) {
                p[i][c] /= trees.length;
            }
        }
        return p;
    }

    /**
     * Mean decrease in Gini impurity per feature (scikit-learn's {@code feature_importances_}): per tree
     * normalised to sum 1, averaged over trees, normalised again.
     */
    public double[] impurityImportance() {
        double[] imp = new double[features];
        for (Tree t : trees) {
            double s = 0;
            for (double v : t.importance) {
                s += v;
            }
            if (s > 0) {
                for (int j = 0; j < features; j++) {
                    imp[j] += t.importance[j] / s;
                }
            }
        }
        double s = 0;
        for (double v : imp) {
            s += v;
        }
        if (s > 0) {
            for (int j = 0; j < features; j++) {
                imp[j] /= s;
            }
        }
        return imp;
    }

    /** First int of a forest file: "RFOR". */
    static final int MAGIC = 0x52464F52;
    /** Version of the forest file layout. */
    static final int FORMAT = 1;

    /**
     * Writes the forest: magic, format, classes, features, trees; per tree its node count, then features
     * (−1 = leaf), thresholds, left and right children, leaf class fractions (nodes × classes) and the
     * tree's impurity decrease per feature; big-endian ({@link DataOutputStream}).
     */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(classes);
        out.writeInt(features);
        out.writeInt(trees.length);
        for (Tree t : trees) {
            int n = t.feature.length;
            out.writeInt(n);
            for (int v : t.feature) {
                out.writeInt(v);
            }
            for (double v : t.threshold) {
                out.writeDouble(v);
            }
            for (int v : t.left) {
                out.writeInt(v);
            }
            for (int v : t.right) {
                out.writeInt(v);
            }
            for (double v : t.value) {
                out.writeDouble(v);
            }
            for (double v : t.importance) {
                out.writeDouble(v);
            }
        }
    }

    /**
     * Reads a forest written by {@link #write}, checking its structure (every child after its parent and
     * inside the tree, every split feature inside the row).
     *
     * @throws IOException for a truncated stream or one that is not such a forest (the message says what)
     */
    public static RandomForest read(DataInputStream in, int expectedClasses, int expectedFeatures) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a random-forest file");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("forest format " + format + " (this model reads " + FORMAT + ")");
        }
        int classes = in.readInt();
        int features = in.readInt();
        if (classes != expectedClasses || features != expectedFeatures) {
            throw new IOException("a forest of " + classes + " classes on " + features + " features, expected "
                    + expectedClasses + " classes on " + expectedFeatures + " features");
        }
        int count = in.readInt();
        if (count < 1 || count > 1_000_000) {
            throw new IOException("implausible tree count " + count);
        }
        Tree[] trees = new Tree[count];
        for (int t = 0; t < count; t++) {
            int n = in.readInt();
            if (n < 1 || n > 100_000_000) {
                throw new IOException("tree " + t + ": implausible node count " + n);
            }
            int[] feature = new int[n];
            double[] threshold = new double[n];
            int[] left = new int[n];
            int[] right = new int[n];
            double[] value = new double[n * classes];
            double[] importance = new double[features];
            for (int i = 0; i < n; i++) {
                feature[i] = in.readInt();
            }
            for (int i = 0; i < n; i++) {
                threshold[i] = in.readDouble();
            }
            for (int i = 0; i < n; i++) {
                left[i] = in.readInt();
            }
            for (int i = 0; i < n; i++) {
                right[i] = in.readInt();
            }
            for (int i = 0; i < value.length; i++) {
                value[i] = in.readDouble();
            }
            for (int i = 0; i < features; i++) {
                importance[i] = in.readDouble();
            }
            for (int i = 0; i < n; i++) {
                if (feature[i] >= features || feature[i] < -1) {
                    throw new IOException("tree " + t + " node " + i + ": feature " + feature[i] + " outside 0.."
                            + (features - 1));
                }
                if (feature[i] >= 0 && (left[i] <= i || left[i] >= n || right[i] <= i || right[i] >= n)) {
                    throw new IOException("tree " + t + " node " + i + ": children " + left[i] + ", " + right[i]
                            + " not after it in a tree of " + n + " nodes");
                }
            }
            trees[t] = new Tree(feature, threshold, left, right, value, importance);
        }
        if (in.read() != -1) {
            throw new IOException("data after the last tree");
        }
        return new RandomForest(classes, features, trees);
    }

    public int treeCount() {
        return trees.length;
    }

    /** Total number of nodes over all trees (for tests and diagnostics). */
    public long nodeCount() {
        long s = 0;
        for (Tree t : trees) {
            s += t.feature.length;
        }
        return s;
    }

    /** Column ranks: rank[j][i] is the index of x[i][j] among the distinct sorted values of column j. */
    private static final class Ranked {
        final int n;
        final int d;
        final int[][] rank;
        final double[][] distinct;

        private Ranked(int n, int d, int[][] rank, double[][] distinct) {
            this.n = n;
            this.d = d;
            this.rank = rank;
            this.distinct = distinct;
        }

        static Ranked of(double[][] x) {
            int n = x.length;
            int d = x[0].length;
            int[][] rank = new int[d][n];
            double[][] distinct = new double[d][];
            Integer[] order = new Integer[n];
            double[] col = new double[n];
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < n; i++) {
                    if (x[i].length != d) {
                        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, row 0 " + d);
                    }
                    col[i] = x[i][j];
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> Double.compare(col[a], col[b]));
                double[] vals = new double[n];
                int r = -1;
                double prev = Double.NaN;
                for (int k = 0; k < n; k++) {
                    double v = col[order[k]];
                    if (r < 0 || v != prev) {
                        vals[++r] = v;
                        prev = v;
                    }
                    rank[j][order[k]] = r;
                }
                distinct[j] = Arrays.copyOf(vals, r + 1);
            }
            return new Ranked(n, d, rank, distinct);
        }
    }

    /** A fitted tree in flat arrays; leaves have feature −1. */
    private static final class Tree {
        final int[] feature;
        final double[] threshold;
        final int[] left;
        final int[] right;
        final double[] value;
        final double[] importance;

        Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value, double[] importance) {
            this.feature = feature;
            this.threshold = threshold;
            this.left = left;
            this.right = right;
            this.value = value;
            this.importance = importance;
        }

        int leaf(double[] row) {
            int node = 0;
            while (feature[node] >= 0) {
                node = row[feature[node]] <= threshold[node] ? left[node] : right[node];
            }
            return node;
        }
    }

    /** Grows one tree, depth first. */
    private static final class Grower {
        private final Ranked data;
        private final int[] y;
        private final int classes;
        private final int mtry;
        private final Config config;
        private final SplittableRandom random;
        private final int[] weight;
        private final int[] rows;
        private final long[] keys;
        private final int[] featureOrder;
        private final double[] leftCounts;
        private final double[] nodeCounts;
        private final double[] importance;

        private int size;
        private int[] feature = new int[64];
        private double[] threshold = new double[64];
        private int[] left = new int[64];
        private int[] right = new int[64];
        private double[] value;

        Grower(Ranked data, int[] y, int classes, int mtry, Config config, SplittableRandom random) {
            this.data = data;
            this.y = y;
            this.classes = classes;
            this.mtry = mtry;
            this.config = config;
            this.random = random;
            this.weight = new int[data.n];
            this.keys = new long[data.n];
            this.featureOrder = new int[data.d];
            this.leftCounts = new double[classes];
            this.nodeCounts = new double[classes];
            this.importance = new double[data.d];
            this.value = new double[64 * classes];
            if (config.bootstrap()) {
                for (int k = 0; k < data.n; k++) {
                    weight[random.nextInt(data.n)]++;
                }
            } else {
                Arrays.fill(weight, 1);
            }
            int m = 0;
            for (int i = 0; i < data.n; i++) {
                if (weight[i] > 0) {
                    m++;
                }
            }
            rows = new int[m];
            m = 0;
            for (int i = 0; i < data.n; i++) {
                if (weight[i] > 0) {
                    rows[m++] = i;
                }
            }
        }

        /** The rows of this tree's bootstrap sample. */
        java.util.BitSet inBag() {
            java.util.BitSet b = new java.util.BitSet(weight.length);
            for (int i = 0; i < weight.length; i++) {
                if (weight[i] > 0) {
                    b.set(i);
                }
            }
            return b;
        }

        Tree grow() {
            build(0, rows.length, 0);
            return new Tree(Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size), Arrays.copyOf(left, size),
                    Arrays.copyOf(right, size), Arrays.copyOf(value, size * classes), importance);
        }

        private int newNode() {
            if (size == feature.length) {
                int cap = size * 2;
                feature = Arrays.copyOf(feature, cap);
                threshold = Arrays.copyOf(threshold, cap);
                left = Arrays.copyOf(left, cap);
                right = Arrays.copyOf(right, cap);
                value = Arrays.copyOf(value, cap * classes);
            }
            feature[size] = -1;
            return size++;
        }

        private static double gini(double[] counts, double total) {
            double s = 0;
            for (double c : counts) {
                s += c * c;
            }
            return 1.0 - s / (total * total);
        }

        /** Builds the subtree of rows[start, end) and returns its node index. */
        private int build(int start, int end, int depth) {
            int node = newNode();
            Arrays.fill(nodeCounts, 0);
            for (int k = start; k < end; k++) {
                nodeCounts[y[rows[k]]] += weight[rows[k]];
            }
            double total = 0;
            int nonZero = 0;
            for (double c : nodeCounts) {
                total += c;
                if (c > 0) {
                    nonZero++;
                }
            }
            for (int c = 0; c < classes; c++) {
                value[node * classes + c] = nodeCounts[c] / total;
            }
            int m = end - start;
            if (nonZero <= 1 || m < config.minSamplesSplit() || (config.maxDepth() > 0 && depth >= config.maxDepth())) {
                return node;
            }
            double nodeImpurity = gini(nodeCounts, total);
            double[] counts = nodeCounts.clone();

            // random feature order; evaluate until mtry non-constant features are seen and a split exists
            for (int j = 0; j < data.d; j++) {
                featureOrder[j] = j;
            }
            int bestFeature = -1;
            int bestRank = -1;
            int bestNextRank = -1;
            double bestProxy = Double.NEGATIVE_INFINITY;
            // as scikit-learn's BestSplitter: every drawn feature counts as visited, constant ones included;
            // stop after mtry draws once at least one non-constant feature was evaluated
            int visited = 0;
            boolean evaluated = false;
            for (int f = 0; f < data.d; f++) {
                if (visited >= mtry && evaluated) {
                    break;
                }
                visited++;
                int pick = f + random.nextInt(data.d - f);
                int j = featureOrder[pick];
                featureOrder[pick] = featureOrder[f];
                featureOrder[f] = j;
                int[] rank = data.rank[j];
                int lo = Integer.MAX_VALUE;
                int hi = Integer.MIN_VALUE;
                for (int k = start; k < end; k++) {
                    int r = rank[rows[k]];
                    lo = Math.min(lo, r);
                    hi = Math.max(hi, r);
                }
                if (lo == hi) {
                    continue; // constant in this node
                }
                evaluated = true;
                for (int k = start; k < end; k++) {
                    int i = rows[k];
                    keys[k - start] = ((long) rank[i] << 32) | i;
                }
                Arrays.sort(keys, 0, m);
                Arrays.fill(leftCounts, 0);
                double wLeft = 0;
                for (int k = 0; k < m - 1; k++) {
                    int i = (int) keys[k];
                    double w = weight[i];
                    leftCounts[y[i]] += w;
                    wLeft += w;
                    int r = (int) (keys[k] >>> 32);
                    int rNext = (int) (keys[k + 1] >>> 32);
                    if (r == rNext) {
                        continue;
                    }
                    double wRight = total - wLeft;
                    double sl = 0;
                    double sr = 0;
                    for (int c = 0; c < classes; c++) {
                        double l = leftCounts[c];
                        double rr = counts[c] - l;
                        sl += l * l;
                        sr += rr * rr;
                    }
                    double proxy = sl / wLeft + sr / wRight;
                    if (proxy > bestProxy) {
                        bestProxy = proxy;
                        bestFeature = j;
                        bestRank = r;
                        bestNextRank = rNext;
                    }
                }
            }
            if (bestFeature < 0) {
                return node;
            }
            double[] distinct = data.distinct[bestFeature];
            double a = distinct[bestRank];
            double b = distinct[bestNextRank];
            double thr = a / 2.0 + b / 2.0;
            if (thr >= b || Double.isInfinite(thr) || Double.isNaN(thr)) {
                thr = a;
            }
            // partition rows[start, end): rank <= bestRank to the left
            int[] rank = data.rank[bestFeature];
            int i = start;
            int jj = end - 1;
            while (i <= jj) {
                if (rank[rows[i]] <= bestRank) {
                    i++;
                } else {
                    int tmp = rows[i];
                    rows[i] = rows[jj];
                    rows[jj] = tmp;
                    jj--;
                }
            }
            int mid = i;
            double[] lc = new double[classes];
            double wl = 0;
            for (int k = start; k < mid; k++) {
                lc[y[rows[k]]] += weight[rows[k]];
                wl += weight[rows[k]];
            }
            double[] rc = new double[classes];
            for (int c = 0; c < classes; c++) {
                rc[c] = counts[c] - lc[c];
            }
            double wr = total - wl;
            importance[bestFeature] += total * nodeImpurity - wl * gini(lc, wl) - wr * gini(rc, wr);

            feature[node] = bestFeature;
            threshold[node] = thr;
            int l = build(start, mid, depth + 1);
            left[node] = l;
            int r = build(mid, end, depth + 1);
            right[node] = r;
            return node;
        }
    }
}
