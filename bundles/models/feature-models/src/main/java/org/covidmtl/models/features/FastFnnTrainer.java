package org.covidmtl.models.features;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains {@link FnnNetwork}'s network in plain Java float arrays instead of through DL4J's per-op machinery
 * (about a hundred ND4J ops of tens of microseconds each per batch-of-10 step; the arithmetic is small).
 * <p>
 * It computes what DL4J computes for that {@link ComputationGraph} (the same mathematics, float32, in another
 * summation order):
 * <ul>
 * <li>trunk: dense layers z = x·W + b, ReLU after every layer (DL4J: ReLU on all but the last, then the
 * {@code trunk-relu} activation layer); the derivative of ReLU is 1 where the output is &gt; 0;</li>
 * <li>per head k: inverted dropout of the trunk output (each head its own mask; retain probability q, kept
 * values ×1/q; none when dropout is 0), dense 32→n<sub>k</sub>, softmax; the gradient at the logits is
 * w<sub>k</sub>·(p − onehot(y)), 0 for a row whose label is unknown (DL4J's label mask); the recorded task
 * loss is Σ<sub>known rows</sub> −log max(p<sub>y</sub>, 1e-10) / batch size (LossMCXENT's clipping, DL4J's
 * division by the minibatch size, unknown rows counted in it);</li>
 * <li>update, per parameter, in DL4J's order (BaseMultiLayerUpdater: divide by the minibatch size; UpdaterBlock:
 * L2 before the updater, then libnd4j's Nesterovs updater; StochasticGradientDescent: params −= update), with
 * the float32 constants libnd4j casts to: g = grad / B; g = λ·w + g; prev = μ·v; v = prev − lr·g;
 * w = w − (prev + (−μ − 1)·v). Biases get the same weight decay ({@code l2Bias}).</li>
 * </ul>
 * The parameters start as the graph's (its initialisation) and are written back into the graph by
 * {@link #writeTo}; saving and loading stay DL4J's, and {@link #predict} (the same forward pass, no dropout) is what
 * {@link FnnNetwork} predicts with. Dropout masks come from a {@link SplittableRandom}
 * of the seed, not from ND4J's generator, so with dropout the runs differ from DL4J's in the masks drawn.
 * <p>
 * Layout: weights [in][out], one array per input row (HotSpot vectorises loops over separate arrays, not over
 * offsets into one), so forward and weight-gradient loops run over contiguous output rows
 * (axpy-style, four inputs per pass, the weight rows reused for every row of the batch); the input gradients use a
 * transposed copy [out][in] refreshed after each update. The weight gradient of a row is applied at once (the
 * update reads the pre-update weight and the input gradient was already taken from the transposed copy). All
 * buffers are allocated once; a step allocates only the per-task loss array it returns.
 */
final class FastFnnTrainer {
    /** Rows per pass when predicting many rows (validation). */
    private static final int EVAL_ROWS = 64;

    private final int depth;
    private final int[] dim;
    private final int[] classes;
    private final int maxBatch;
    private final float keep;
    private final float keepScale;
    private final SplittableRandom dropoutRandom;

    // trunk layer l: weights [dim[l]][dim[l+1]] (one array per input row), biases, their velocities; transposed
    // copies [dim[l+1]][dim[l]] for l ≥ 1
    private final float[][][] w;
    private final float[][] b;
    private final float[][][] vw;
    private final float[][] vb;
    private final float[][][] wt;
    // heads: weights [last][n] flattened row-major
    private final float[][] hw;
    private final float[][] hb;
    private final float[][] vhw;
    private final float[][] vhb;
    private final float[][] ghw;
    private final float[][] ghb;

    private final Buffers train;
    /** Per head: its (dropped-out) input rows and the dropout factor per element. */
    private final float[][][] headIn;
    private final float[][][] headScale;
    private final float[][] delta;
    /** Gradient with respect to each trunk output act[l] (l ≥ 1), one weight-gradient row, the bias gradient. */
    private final float[][][] da;
    private final float[] gradRow;
    private final float[] gradBias;

    // the step's update constants, as libnd4j's float kernels see them
    private float batchF;
    private float decayF;
    private float lrF;
    private float momF;
    private float momTF;

    /**
     * Activations for up to {@code rows} rows, one array per row (separate arrays, so that HotSpot's
     * auto-vectoriser takes the inner loops: with offsets into one array it does not): act[0] the input rows
     * (references to the caller's rows), act[l + 1] trunk layer l after ReLU; the heads' logits flattened.
     */
    private static final class Buffers {
        final float[][][] act;
        final float[][] out;

        Buffers(int rows, int[] dim, int[] classes) {
            act = new float[dim.length][][];
            act[0] = new float[rows][];
            for (int l = 1; l < dim.length; l++) {
                act[l] = new float[rows][dim[l]];
            }
            out = new float[classes.length][];
            for (int k = 0; k < classes.length; k++) {
                out[k] = new float[rows * classes[k]];
            }
        }
    }

    /**
     * @param graph the network whose initial parameters are taken ({@code fc1..fcL}, {@code head0..})
     * @param hidden the trunk widths
     * @param dropout the drop probability before each head (0 = none)
     */
    FastFnnTrainer(ComputationGraph graph, int inputs, int[] hidden, int[] classes, int batch, double dropout, long seed) {
        depth = hidden.length;
        dim = new int[depth + 1];
        dim[0] = inputs;
        System.arraycopy(hidden, 0, dim, 1, depth);
        this.classes = classes.clone();
        maxBatch = batch;
        keep = (float) (1.0 - dropout);
        keepScale = 1f / keep;
        dropoutRandom = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        w = new float[depth][][];
        b = new float[depth][];
        vw = new float[depth][][];
        vb = new float[depth][];
        wt = new float[depth][][];
        for (int l = 0; l < depth; l++) {
            w[l] = matrix(read(graph, "fc" + (l + 1) + "_W", dim[l] * dim[l + 1]), dim[l], dim[l + 1]);
            b[l] = read(graph, "fc" + (l + 1) + "_b", dim[l + 1]);
            vw[l] = new float[dim[l]][dim[l + 1]];
            vb[l] = new float[dim[l + 1]];
            if (l >= 1) {
                wt[l] = new float[dim[l + 1]][dim[l]];
                transpose(l);
            }
        }
        int k = classes.length;
        int last = dim[depth];
        hw = new float[k][];
        hb = new float[k][];
        vhw = new float[k][];
        vhb = new float[k][];
        ghw = new float[k][];
        ghb = new float[k][];
        headIn = new float[k][][];
        headScale = new float[k][][];
        delta = new float[k][];
        for (int t = 0; t < k; t++) {
            hw[t] = read(graph, "head" + t + "_W", last * classes[t]);
            hb[t] = read(graph, "head" + t + "_b", classes[t]);
            vhw[t] = new float[hw[t].length];
            vhb[t] = new float[hb[t].length];
            ghw[t] = new float[hw[t].length];
            ghb[t] = new float[hb[t].length];
            headIn[t] = new float[batch][last];
            headScale[t] = new float[batch][last];
            delta[t] = new float[batch * classes[t]];
        }
        da = new float[depth + 1][][];
        int widest = 0;
        for (int l = 1; l <= depth; l++) {
            da[l] = new float[batch][dim[l]];
            widest = Math.max(widest, dim[l]);
        }
        gradRow = new float[widest];
        gradBias = new float[widest];
        train = new Buffers(batch, dim, classes);
    }

    private static float[][] matrix(float[] flat, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, m[i], 0, cols);
        }
        return m;
    }

    private static float[] flat(float[][] m) {
        int cols = m[0].length;
        float[] f = new float[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, f, i * cols, cols);
        }
        return f;
    }

    /** A parameter of the graph as a row-major float array ([nIn][nOut] for weights). */
    private static float[] read(ComputationGraph graph, String name, int length) {
        INDArray p = graph.getParam(name);
        if (p == null || p.length() != length) {
            throw new IllegalStateException("parameter " + name + " of the network: "
                    + (p == null ? "missing" : p.length() + " values, expected " + length));
        }
        return p.castTo(DataType.FLOAT).dup('c').reshape(length).toFloatVector();
    }

    private static void write(ComputationGraph graph, String name, float[] values) {
        INDArray p = graph.getParam(name);
        p.assign(Nd4j.create(values, p.shape(), 'c').castTo(p.dataType()));
    }

    /** Writes the trained parameters into the graph (the arrays it predicts and saves with). */
    void writeTo(ComputationGraph graph) {
        for (int l = 0; l < depth; l++) {
            write(graph, "fc" + (l + 1) + "_W", flat(w[l]));
            write(graph, "fc" + (l + 1) + "_b", b[l]);
        }
        for (int t = 0; t < classes.length; t++) {
            write(graph, "head" + t + "_W", hw[t]);
            write(graph, "head" + t + "_b", hb[t]);
        }
    }

    /** The features as float rows, as the trainer reads them. */
    static float[][] rows(double[][] x) {
        float[][] f = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            f[i] = new float[x[i].length];
            for (int j = 0; j < f[i].length; j++) {
                f[i][j] = (float) x[i][j];
            }
        }
        return f;
    }

    /**
     * One SGD step on rows {@code order[from..to)}.
     *
     * @param y labels [task][row], −1 = unknown
     * @param weights the task weights w<sub>k</sub> of this step
     * @return the raw per-task losses (mean over the batch's rows, unknown labels counting 0)
     */
    double[] step(float[][] x, int[][] y, int[] order, int from, int to, double[] weights, double learningRate,
            double momentum, double weightDecay) {
        int rows = to - from;
        if (rows < 1 || rows > maxBatch) {
            throw new IllegalArgumentException(rows + " rows in a batch of at most " + maxBatch);
        }
        float[][][] act = train.act;
        for (int r = 0; r < rows; r++) {
            act[0][r] = x[order[from + r]];
        }
        for (int l = 0; l < depth; l++) {
            denseRelu(act[l], w[l], b[l], act[l + 1], rows);
        }
        int last = dim[depth];
        float[][] top = act[depth];
        float[][] dTop = da[depth];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(dTop[r], 0f);
        }
        double[] losses = new double[classes.length];
        for (int t = 0; t < classes.length; t++) {
            int n = classes[t];
            float[][] in = top;
            float[][] s = headScale[t];
            if (keep < 1f) {
                in = headIn[t];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < last; j++) {
                        s[r][j] = dropoutRandom.nextDouble() < keep ? keepScale : 0f;
                        in[r][j] = top[r][j] * s[r][j];
                    }
                }
            }
            float[] z = train.out[t];
            head(in, hw[t], hb[t], z, n, rows);
            float wk = (float) weights[t];
            float[] dz = delta[t];
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                softmax(z, r * n, n);
                int label = y[t][order[from + r]];
                for (int c = 0; c < n; c++) {
                    dz[r * n + c] = label < 0 ? 0f : (z[r * n + c] - (c == label ? 1f : 0f)) * wk;
                }
                if (label >= 0) {
                    sum -= Math.log(Math.max(z[r * n + label], 1e-10f));
                }
            }
            losses[t] = sum / rows;
            // head gradients, then the gradient reaching the trunk output through this head (pre-update weights)
            float[] gW = ghw[t];
            float[] gB = ghb[t];
            Arrays.fill(gW, 0f);
            Arrays.fill(gB, 0f);
            float[] hwT = hw[t];
            for (int r = 0; r < rows; r++) {
                float[] inR = in[r];
                float[] dR = dTop[r];
                for (int j = 0; j < last; j++) {
                    float a = inR[j];
                    float g = 0f;
                    for (int c = 0; c < n; c++) {
                        float d = dz[r * n + c];
                        gW[j * n + c] += a * d;
                        g += d * hwT[j * n + c];
                    }
                    dR[j] += keep < 1f ? g * s[r][j] : g;
                }
                for (int c = 0; c < n; c++) {
                    gB[c] += dz[r * n + c];
                }
            }
        }
        batchF = rows;
        decayF = (float) weightDecay;
        lrF = (float) learningRate;
        momF = (float) momentum;
        momTF = -momF - 1f;
        for (int t = 0; t < classes.length; t++) {
            update(hw[t], vhw[t], ghw[t], hw[t].length);
            update(hb[t], vhb[t], ghb[t], hb[t].length);
        }
        for (int l = depth - 1; l >= 0; l--) {
            int nOut = dim[l + 1];
            float[][] g = da[l + 1];
            float[][] out = act[l + 1];
            for (int r = 0; r < rows; r++) {
                float[] gr = g[r];
                float[] or = out[r];
                for (int o = 0; o < nOut; o++) {
                    if (!(or[o] > 0f)) {
                        gr[o] = 0f;
                    }
                }
            }
            if (l >= 1) {
                inputGradient(g, wt[l], da[l], rows);
            }
            updateLayer(l, act[l], g, rows);
        }
        for (int l = 1; l < depth; l++) {
            transpose(l);
        }
        return losses;
    }

    /**
     * Probabilities [task][row][class] in inference mode (no dropout), from the current parameters. Safe to call
     * from several threads while no step runs (buffers per call).
     */
    double[][][] predict(float[][] x) {
        Buffers eval = new Buffers(Math.min(EVAL_ROWS, Math.max(1, x.length)), dim, classes);
        double[][][] p = new double[classes.length][x.length][];
        for (int from = 0; from < x.length; from += EVAL_ROWS) {
            int rows = Math.min(EVAL_ROWS, x.length - from);
            for (int r = 0; r < rows; r++) {
                eval.act[0][r] = x[from + r];
            }
            for (int l = 0; l < depth; l++) {
                denseRelu(eval.act[l], w[l], b[l], eval.act[l + 1], rows);
            }
            for (int t = 0; t < classes.length; t++) {
                int n = classes[t];
                float[] z = eval.out[t];
                head(eval.act[depth], hw[t], hb[t], z, n, rows);
                for (int r = 0; r < rows; r++) {
                    softmax(z, r * n, n);
                    double[] row = new double[n];
                    for (int c = 0; c < n; c++) {
                        row[c] = z[r * n + c];
                    }
                    p[t][from + r] = row;
                }
            }
        }
        return p;
    }

    /** Softmax of z[off..off+n) in place, float32 as libnd4j: exp(z − max) / Σ. */
    private static void softmax(float[] z, int off, int n) {
        float max = z[off];
        for (int c = 1; c < n; c++) {
            max = Math.max(max, z[off + c]);
        }
        float sum = 0f;
        for (int c = 0; c < n; c++) {
            float e = (float) Math.exp(z[off + c] - max);
            z[off + c] = e;
            sum += e;
        }
        for (int c = 0; c < n; c++) {
            z[off + c] /= sum;
        }
    }

    /** A head's logits z[r·n + c] = Σ<sub>j</sub> in[r][j]·hw[j·n + c] + hb[c] (n ≤ a few classes: scalar loops). */
    private static void head(float[][] in, float[] hw, float[] hb, float[] z, int n, int rows) {
        for (int r = 0; r < rows; r++) {
            float[] x = in[r];
            for (int c = 0; c < n; c++) {
                float s = 0f;
                for (int j = 0; j < x.length; j++) {
                    s += x[j] * hw[j * n + c];
                }
                z[r * n + c] = s + hb[c];
            }
        }
    }

    /** out[r] = ReLU(in[r]·W + b) for r &lt; rows (W as rows [in][out], see {@link #multiply}). */
    static void denseRelu(float[][] in, float[][] w, float[] bias, float[][] out, int rows) {
        multiply(in, w, out, rows);
        int nOut = bias.length;
        for (int r = 0; r < rows; r++) {
            float[] z = out[r];
            for (int o = 0; o < nOut; o++) {
                float v = z[o] + bias[o];
                z[o] = v > 0f ? v : 0f;
            }
        }
    }

    /** dIn[r] = g[r]·Wᵀ for r &lt; rows, from the transposed weights wt[nOut][nIn]. */
    private static void inputGradient(float[][] g, float[][] wt, float[][] dIn, int rows) {
        multiply(g, wt, dIn, rows);
    }

    /**
     * out[r] = a[r]·M for r &lt; rows, M given as its rows m[k] (each as long as out[r]): four rows of M per pass
     * over an output row, the four reused for every row r (axpy-style, contiguous, so HotSpot vectorises the inner
     * loop); a group of four zero coefficients (after a ReLU) is skipped.
     */
    private static void multiply(float[][] a, float[][] m, float[][] out, int rows) {
        int nK = m.length;
        for (int r = 0; r < rows; r++) {
            Arrays.fill(out[r], 0f);
        }
        int k = 0;
        for (; k + 4 <= nK; k += 4) {
            float[] m0 = m[k];
            float[] m1 = m[k + 1];
            float[] m2 = m[k + 2];
            float[] m3 = m[k + 3];
            for (int r = 0; r < rows; r++) {
                float[] x = a[r];
                float c0 = x[k];
                float c1 = x[k + 1];
                float c2 = x[k + 2];
                float c3 = x[k + 3];
                if (c0 == 0f && c1 == 0f && c2 == 0f && c3 == 0f) {
                    continue;
                }
                float[] z = out[r];
                for (int o = 0; o < z.length; o++) {
                    z[o] += c0 * m0[o] + c1 * m1[o] + c2 * m2[o] + c3 * m3[o];
                }
            }
        }
        for (; k < nK; k++) {
            float[] m0 = m[k];
            for (int r = 0; r < rows; r++) {
                float c0 = a[r][k];
                if (c0 == 0f) {
                    continue;
                }
                float[] z = out[r];
                for (int o = 0; o < z.length; o++) {
                    z[o] += c0 * m0[o];
                }
            }
        }
    }

    /**
     * Layer l's gradient, row by row of W (gradRow[o] = Σ<sub>r</sub> in[r][i]·g[r][o]), each row applied at once;
     * then the biases.
     */
    private void updateLayer(int l, float[][] in, float[][] g, int rows) {
        int nIn = dim[l];
        int nOut = dim[l + 1];
        float[] row = gradRow;
        float[][] wl = w[l];
        float[][] vl = vw[l];
        for (int i = 0; i < nIn; i++) {
            Arrays.fill(row, 0f);
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                float a0 = in[r][i];
                float a1 = in[r + 1][i];
                float a2 = in[r + 2][i];
                float a3 = in[r + 3][i];
                if (a0 == 0f && a1 == 0f && a2 == 0f && a3 == 0f) {
                    continue;
                }
                float[] g0 = g[r];
                float[] g1 = g[r + 1];
                float[] g2 = g[r + 2];
                float[] g3 = g[r + 3];
                for (int o = 0; o < nOut; o++) {
                    row[o] += a0 * g0[o] + a1 * g1[o] + a2 * g2[o] + a3 * g3[o];
                }
            }
            for (; r < rows; r++) {
                float a0 = in[r][i];
                if (a0 == 0f) {
                    continue;
                }
                float[] g0 = g[r];
                for (int o = 0; o < nOut; o++) {
                    row[o] += a0 * g0[o];
                }
            }
            update(wl[i], vl[i], row, nOut);
        }
        float[] gb = gradBias;
        Arrays.fill(gb, 0f);
        for (int r = 0; r < rows; r++) {
            float[] g0 = g[r];
            for (int o = 0; o < nOut; o++) {
                gb[o] += g0[o];
            }
        }
        update(b[l], vb[l], gb, nOut);
    }

    /**
     * DL4J's update of p[0..n) from the summed gradient g[0..n): divide by the minibatch size, add L2 (λ·p),
     * libnd4j's Nesterovs (prev = μ·v; v = prev − lr·g; update = prev + (−μ−1)·v), params −= update.
     */
    private void update(float[] p, float[] v, float[] g, int n) {
        float bs = batchF;
        float l2 = decayF;
        float lr = lrF;
        float mom = momF;
        float momT = momTF;
        for (int j = 0; j < n; j++) {
            float gj = g[j] / bs;
            gj = l2 * p[j] + gj;
            float prev = mom * v[j];
            float st = prev - lr * gj;
            v[j] = st;
            p[j] = p[j] - (prev + momT * st);
        }
    }

    /** wt[l] = w[l]ᵀ. */
    private void transpose(int l) {
        float[][] src = w[l];
        float[][] dst = wt[l];
        int nOut = dst.length;
        for (int i = 0; i < src.length; i++) {
            float[] s = src[i];
            for (int o = 0; o < nOut; o++) {
                dst[o][i] = s[o];
            }
        }
    }
}
