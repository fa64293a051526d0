package org.covidmtl.models.features;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * The feature network of COVID-MTL as a DL4J {@link ComputationGraph}: a shared trunk of dense layers
 * (default 375→256→128→64→32, ReLU between them, none after the last, as the reference's feature
 * branch), then per task a head ReLU → [dropout] → dense(32→n) → softmax with cross-entropy. Each head's
 * loss is a {@link TaskScaledLoss}, so the trainer scales every task's gradient by its current weight.
 * <p>
 * Training: SGD with Nesterov momentum, L2 weight decay added to the gradient (as PyTorch's SGD
 * {@code weight_decay}, biases included), He-normal initialisation, cosine learning rate per epoch
 * lr<sub>e</sub> = lr<sub>min</sub> + ½(lr<sub>0</sub> − lr<sub>min</sub>)(1 + cos(πe/E)).
 * <p>
 * The graph holds the initial and the trained parameters and is what is saved and read; training and prediction
 * run in plain Java ({@link FastFnnTrainer}), which computes what DL4J's {@code fit} and {@code output} compute
 * within float rounding; DL4J's own path stays for the test that proves it ({@code fit(…, true)},
 * {@link #predictDl4j}).
 */
final class FnnNetwork {

    static {
        // ND4J finds its backend through the context class loader of the first thread that touches it; in a
        // framework that may be a bundle's loader: pin it to the loader ND4J came from (cheap, no ND4J init)
        org.nd4j.common.config.ND4JClassLoading.setNd4jClassloader(Nd4j.class.getClassLoader());
    }

    /** Hyper-parameters. */
    record Config(int inputs, int[] hidden, double dropout, int epochs, int batchSize, double learningRate,
            double minLearningRate, double momentum, double weightDecay, boolean shuffle, boolean torchInit) {
        Config {
            hidden = hidden.clone();
            if (hidden.length == 0) {
                throw new IllegalArgumentException("at least one hidden layer");
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), is " + dropout);
            }
        }
    }

    private final Config config;
    private final int[] classes;
    private final ComputationGraph graph;
    private final TaskScaledLoss[] losses;
    /**
     * The Java forward pass over the parameters as of the last fit or read (or the initial ones), for
     * {@link #predict(double[][])}; built from the graph when {@code null}.
     */
    private FastFnnTrainer forward;

    FnnNetwork(Config config, int[] classes, long seed) {
        this.config = config;
        this.classes = classes.clone();
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                // He normal, or PyTorch's nn.Linear default: U(±1/√fan_in) for weights (biases below)
                .weightInit(config.torchInit() ? WeightInit.UNIFORM : WeightInit.RELU)
                .updater(new Nesterovs(config.learningRate(), config.momentum()))
                .l2(config.weightDecay())
                .l2Bias(config.weightDecay())
                .graphBuilder()
                .addInputs("features");
        String previous = "features";
        int in = config.inputs();
        int[] hidden = config.hidden();
        for (int l = 0; l < hidden.length; l++) {
            String name = "fc" + (l + 1);
            b.addLayer(name, new DenseLayer.Builder().nIn(in).nOut(hidden[l])
                    .activation(l == hidden.length - 1 ? Activation.IDENTITY : Activation.RELU).build(), previous);
            previous = name;
            in = hidden[l];
        }
        b.addLayer("trunk-relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), previous);
        String[] outputs = new String[classes.length];
        for (int k = 0; k < classes.length; k++) {
            outputs[k] = "head" + k;
            OutputLayer.Builder ob = new OutputLayer.Builder(new TaskScaledLoss()).nIn(in).nOut(classes[k])
                    .activation(Activation.SOFTMAX);
            if (config.dropout() > 0) {
                ob.dropOut(new Dropout(1.0 - config.dropout())); // DL4J takes the retain probability
            }
            b.addLayer(outputs[k], ob.build(), "trunk-relu");
        }
        b.setOutputs(outputs);
        graph = new TrainingGraph(b.build());
        graph.init();
        if (config.torchInit()) {
            SplittableRandom r = new SplittableRandom(seed);
            for (java.util.Map.Entry<String, INDArray> e : new java.util.TreeMap<>(graph.paramTable()).entrySet()) {
                if (e.getKey().endsWith("_b")) {
                    INDArray w = graph.getParam(e.getKey().substring(0, e.getKey().length() - 2) + "_W");
                    double bound = 1.0 / Math.sqrt(w.size(0));
                    INDArray bias = e.getValue();
                    for (long i = 0; i < bias.length(); i++) {
                        bias.putScalar(i, (r.nextDouble() * 2 - 1) * bound);
                    }
                }
            }
        }
        losses = new TaskScaledLoss[classes.length];
        for (int k = 0; k < classes.length; k++) {
            // the instance the built network uses, whatever the configuration copied on the way
            BaseOutputLayer conf = (BaseOutputLayer) graph.getLayer(outputs[k]).conf().getLayer();
            losses[k] = (TaskScaledLoss) conf.getLossFn();
        }
    }

    /** A network restored from a file; {@code config} gives its training set-up, the file its layers. */
    private FnnNetwork(Config config, int[] classes, ComputationGraph graph) {
        this.config = config;
        this.classes = classes.clone();
        this.graph = graph;
        this.losses = new TaskScaledLoss[classes.length];
        for (int k = 0; k < classes.length; k++) {
            BaseOutputLayer conf = (BaseOutputLayer) graph.getLayer("head" + k).conf().getLayer();
            losses[k] = (TaskScaledLoss) conf.getLossFn();
        }
    }

    /** Writes the network (configuration and parameters, no updater state) with DL4J's {@link ModelSerializer}. */
    void write(File file) throws IOException {
        ModelSerializer.writeModel(graph, file, false);
    }

    /**
     * Reads a network {@link #write} wrote and checks that it is this model's network: input width, one head
     * per task with its number of classes.
     *
     * @throws IOException when DL4J cannot read it or it is another network (the message says what)
     */
    static FnnNetwork read(File file, Config config, int[] classes) throws IOException {
        ComputationGraph g;
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // DL4J's JSON reads the heads' loss class (TaskScaledLoss) by name through the context class loader:
        // under OSGi only this bundle's loader sees it
        t.setContextClassLoader(FnnNetwork.class.getClassLoader());
        try {
            g = ModelSerializer.restoreComputationGraph(file, false);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException("DL4J cannot read the network: " + e, e);
        } finally {
            t.setContextClassLoader(before);
        }
        if (g.getNumInputArrays() != 1 || g.getNumOutputArrays() != classes.length) {
            throw new IOException("a network with " + g.getNumInputArrays() + " input(s) and " + g.getNumOutputArrays()
                    + " head(s), expected 1 input and " + classes.length);
        }
        if (!(g.getLayer("fc1") != null && g.getLayer("fc1").conf().getLayer() instanceof DenseLayer d1
                && d1.getNIn() == config.inputs())) {
            throw new IOException("its first layer does not read " + config.inputs() + " input columns");
        }
        for (int k = 0; k < classes.length; k++) {
            org.deeplearning4j.nn.api.Layer head = g.getLayer("head" + k);
            if (head == null || !(head.conf().getLayer() instanceof BaseOutputLayer o) || o.getNOut() != classes[k]
                    || !(o.getLossFn() instanceof TaskScaledLoss)) {
                throw new IOException("head" + k + " is not a " + classes[k] + "-class output of this model");
            }
        }
        FnnNetwork net = new FnnNetwork(config, classes, g);
        try {
            net.forward = net.javaForward();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        return net;
    }

    ComputationGraph graph() {
        return graph;
    }

    int tasks() {
        return classes.length;
    }

    /** Sets w<sub>k</sub> for the coming iterations. */
    void setTaskWeights(double[] w) {
        if (w.length != losses.length) {
            throw new IllegalArgumentException(w.length + " weights for " + losses.length + " tasks");
        }
        for (int k = 0; k < w.length; k++) {
            losses[k].weight(w[k]);
        }
    }

    /** The raw per-task losses of the last forward pass in training. */
    double[] lastTaskLosses() {
        double[] l = new double[losses.length];
        for (int k = 0; k < l.length; k++) {
            l[k] = losses[k].lastLoss();
        }
        return l;
    }

    double learningRate(int epoch) {
        double lr0 = config.learningRate();
        double min = config.minLearningRate();
        return min + 0.5 * (lr0 - min) * (1 + Math.cos(Math.PI * epoch / config.epochs()));
    }

    static INDArray features(double[][] x) {
        float[][] f = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            f[i] = new float[x[i].length];
            for (int j = 0; j < f[i].length; j++) {
                f[i][j] = (float) x[i][j];
            }
        }
        return Nd4j.create(f);
    }

    /** One batch of rows {@code rows}, as training builds it (one-hot labels; label masks where a label is unknown). */
    MultiDataSet batch(double[][] x, int[][] y, int[] rows) {
        double[][] xb = new double[rows.length][];
        int[][] yb = new int[y.length][rows.length];
        int[] order = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            xb[i] = x[rows[i]];
            for (int k = 0; k < y.length; k++) {
                yb[k][i] = y[k][rows[i]];
            }
            order[i] = i;
        }
        return new TrainingRows(xb, yb, classes).arrange(order, rows.length).batch(0);
    }

    /**
     * Trains with {@link FastFnnTrainer} (plain Java float arrays; the trained parameters are written into the
     * graph, which predicts and saves as before). Per iteration: w = weighting.next() scales each head's
     * gradient; one SGD step; then weighting.total(L) and weighting.learn(L, lr) with the iteration's raw
     * per-task losses L.
     *
     * @param y labels [task][row], −1 = unknown
     * @param vx validation rows or {@code null}
     */
    TrainingHistory fit(double[][] x, int[][] y, double[][] vx, int[][] vy, TaskWeighting weighting, long seed,
            Progress progress) {
        return fit(x, y, vx, vy, weighting, seed, progress, false);
    }

    /**
     * As {@link #fit}, through DL4J's own {@code ComputationGraph.fit} when {@code dl4j} is set: the path the fast
     * trainer was proved against ({@code FastFnnTrainerTest}); not reachable from the model's parameters.
     */
    TrainingHistory fit(double[][] x, int[][] y, double[][] vx, int[][] vy, TaskWeighting weighting, long seed,
            Progress progress, boolean dl4j) {
        int n = x.length;
        int bs = config.batchSize();
        int batches = (n + bs - 1) / bs;
        SplittableRandom shuffler = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Steps steps = dl4j ? new Dl4jSteps(x, y, vx, order) : new FastSteps(x, y, vx, seed);
        List<TrainingHistory.Epoch> epochs = new ArrayList<>();
        int tasks = classes.length;
        for (int e = 0; e < config.epochs(); e++) {
            progress.checkCanceled();
            double lr = learningRate(e);
            if (config.shuffle()) {
                for (int i = n - 1; i > 0; i--) {
                    int j = shuffler.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            steps.epoch(order, lr);
            double sumTotal = 0;
            double[] sumLoss = new double[tasks];
            double[] sumWeight = new double[tasks];
            for (int b = 0; b < batches; b++) {
                double[] w = weighting.next();
                double[] l = steps.step(order, b * bs, Math.min(n, (b + 1) * bs), w, lr);
                double total = weighting.total(l);
                weighting.learn(l, lr);
                if (!Double.isFinite(total)) {
                    throw new IllegalStateException("training diverged in epoch " + (e + 1) + ": loss " + total);
                }
                sumTotal += total;
                for (int k = 0; k < tasks; k++) {
                    sumLoss[k] += l[k];
                    sumWeight[k] += w[k];
                }
            }
            double[] meanLoss = new double[tasks];
            double[] meanWeight = new double[tasks];
            for (int k = 0; k < tasks; k++) {
                meanLoss[k] = sumLoss[k] / batches;
                meanWeight[k] = sumWeight[k] / batches;
            }
            double val = Double.NaN;
            if (vx != null && vx.length > 0) {
                val = weighting.total(crossEntropy(steps.validation(), vy));
            }
            epochs.add(new TrainingHistory.Epoch(e + 1, lr, sumTotal / batches, val, meanLoss, meanWeight));
            progress.setProgress((e + 1.0) / config.epochs(), String.format("epoch %d/%d loss %.4f%s", e + 1,
                    config.epochs(), sumTotal / batches, Double.isNaN(val) ? "" : String.format(" val %.4f", val)));
        }
        steps.finish();
        return new TrainingHistory(epochs);
    }

    /** One training run's steps, by DL4J or by the fast trainer. */
    private interface Steps {
        /** A new epoch: the rows in {@code order}, learning rate {@code lr}. */
        void epoch(int[] order, double lr);

        /** One SGD step on rows order[from..to) with task weights w; the raw per-task losses. */
        double[] step(int[] order, int from, int to, double[] w, double lr);

        /** The validation rows' probabilities [task][row][class] in inference mode. */
        double[][][] validation();

        /** The trained parameters are in the graph afterwards. */
        void finish();
    }

    /** DL4J's own training: {@code ComputationGraph.fit} per batch, the heads' {@link TaskScaledLoss}es weighted. */
    private final class Dl4jSteps implements Steps {
        private final TrainingRows rows;
        private final TrainingRows.Epoch fixed;
        private final INDArray validation;
        private TrainingRows.Epoch data;

        Dl4jSteps(double[][] x, int[][] y, double[][] vx, int[] order) {
            // the rows (features, one-hot labels, label masks) as ND4J arrays once; per epoch they are put in the
            // epoch's order and every batch is a view of consecutive rows
            rows = new TrainingRows(x, y, classes);
            fixed = config.shuffle() ? null : rows.arrange(order, config.batchSize());
            validation = vx != null && vx.length > 0 ? features(vx) : null;
        }

        @Override
        public void epoch(int[] order, double lr) {
            graph.setLearningRate(lr);
            data = fixed != null ? fixed : rows.arrange(order, config.batchSize());
        }

        @Override
        public double[] step(int[] order, int from, int to, double[] w, double lr) {
            setTaskWeights(w);
            graph.fit(data.batch(from / config.batchSize()));
            return lastTaskLosses();
        }

        @Override
        public double[][][] validation() {
            return predict(validation);
        }

        @Override
        public void finish() {
            forward = null;
        }
    }

    /** {@link FastFnnTrainer} on float copies of the rows; its parameters go into the graph at the end. */
    private final class FastSteps implements Steps {
        private final FastFnnTrainer trainer;
        private final float[][] x;
        private final int[][] y;
        private final float[][] vx;

        FastSteps(double[][] x, int[][] y, double[][] vx, long seed) {
            trainer = new FastFnnTrainer(graph, config.inputs(), config.hidden(), classes, config.batchSize(),
                    config.dropout(), seed);
            this.x = FastFnnTrainer.rows(x);
            this.y = y;
            this.vx = vx != null && vx.length > 0 ? FastFnnTrainer.rows(vx) : null;
        }

        @Override
        public void epoch(int[] order, double lr) {
        }

        @Override
        public double[] step(int[] order, int from, int to, double[] w, double lr) {
            return trainer.step(x, y, order, from, to, w, lr, config.momentum(), config.weightDecay());
        }

        @Override
        public double[][][] validation() {
            return trainer.predict(vx);
        }

        @Override
        public void finish() {
            trainer.writeTo(graph);
            forward = trainer;
        }
    }

    /**
     * The training rows as ND4J arrays, converted once per fit: features [n, inputs], per task one-hot labels
     * [n, classes] (a zero row where the label is unknown) and the label mask [n, 1] (1 known, 0 unknown).
     */
    static final class TrainingRows {
        private final INDArray features;
        private final INDArray[] labels;
        private final INDArray[] masks;
        private final boolean[] unknown;

        TrainingRows(double[][] x, int[][] y, int[] classes) {
            int n = x.length;
            features = features(x);
            labels = new INDArray[classes.length];
            masks = new INDArray[classes.length];
            unknown = new boolean[n];
            for (int k = 0; k < classes.length; k++) {
                float[][] oh = new float[n][classes[k]];
                float[][] m = new float[n][1];
                for (int i = 0; i < n; i++) {
                    int v = y[k][i];
                    if (v >= 0) {
                        oh[i][v] = 1f;
                        m[i][0] = 1f;
                    } else {
                        unknown[i] = true;
                    }
                }
                labels[k] = Nd4j.create(oh);
                masks[k] = Nd4j.create(m);
            }
        }

        /** The rows in {@code order} (one gather per array), cut into batches of {@code batchSize} consecutive rows. */
        Epoch arrange(int[] order, int batchSize) {
            INDArray f = Nd4j.pullRows(features, 1, order);
            INDArray[] l = new INDArray[labels.length];
            INDArray[] m = new INDArray[labels.length];
            for (int k = 0; k < labels.length; k++) {
                l[k] = Nd4j.pullRows(labels[k], 1, order);
                m[k] = Nd4j.pullRows(masks[k], 1, order);
            }
            int n = order.length;
            MultiDataSet[] batches = new MultiDataSet[(n + batchSize - 1) / batchSize];
            for (int b = 0; b < batches.length; b++) {
                int from = b * batchSize;
                int to = Math.min(n, from + batchSize);
                boolean anyUnknown = false;
                for (int i = from; i < to; i++) {
                    anyUnknown |= unknown[order[i]];
                }
                INDArray[] lb = new INDArray[l.length];
                // label masks only for a batch with an unknown label (then for every task; 1 where known)
                INDArray[] mb = anyUnknown ? new INDArray[l.length] : null;
                for (int k = 0; k < l.length; k++) {
                    lb[k] = l[k].get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                    if (mb != null) {
                        mb[k] = m[k].get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                    }
                }
                batches[b] = new MultiDataSet(new INDArray[] { f.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()) },
                        lb, null, mb);
            }
            return new Epoch(batches);
        }

        record Epoch(MultiDataSet[] batches) {
            MultiDataSet batch(int b) {
                return batches[b];
            }
        }
    }

    /** Mean cross-entropy per task over rows with a known label (NaN when a task has none). */
    static double[] crossEntropy(double[][][] p, int[][] y) {
        double[] l = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            double s = 0;
            int m = 0;
            for (int i = 0; i < y[k].length; i++) {
                if (y[k][i] >= 0) {
                    s -= Math.log(Math.max(p[k][i][y[k][i]], 1e-10));
                    m++;
                }
            }
            l[k] = m == 0 ? Double.NaN : s / m;
        }
        return l;
    }

    /**
     * Probabilities [task][row][class] in inference mode, by the Java forward pass over the network's parameters
     * ({@link FastFnnTrainer#predict}; equal to DL4J's {@link #predictDl4j} within float rounding, see
     * {@code FastFnnTrainerTest}). The parameters are those of the last {@link #fit} or {@link #read} (changes
     * made to {@link #graph()} directly are not seen).
     */
    double[][][] predict(double[][] x) {
        FastFnnTrainer f = forward;
        if (f == null) {
            f = javaForward();
            forward = f;
        }
        return f.predict(FastFnnTrainer.rows(x));
    }

    /** DL4J's own inference ({@code ComputationGraph.output}): the reference for {@link #predict(double[][])}. */
    double[][][] predictDl4j(double[][] x) {
        return predict(features(x));
    }

    private FastFnnTrainer javaForward() {
        return new FastFnnTrainer(graph, config.inputs(), config.hidden(), classes, config.batchSize(), 0.0, 0);
    }

    private double[][][] predict(INDArray features) {
        INDArray[] out = graph.output(false, features);
        double[][][] p = new double[out.length][][];
        for (int k = 0; k < out.length; k++) {
            p[k] = out[k].castTo(DataType.DOUBLE).toDoubleMatrix();
        }
        return p;
    }

    /**
     * The network as trained here: DL4J adds the L2 penalty ½·λ·Σw² to the network's score on every iteration
     * (a norm per parameter array, about a tenth of the training time); nothing here reads that score — the
     * task losses come from {@link TaskScaledLoss}, the weight decay from the updater — so it is left out. The
     * gradients and updates are DL4J's own, unchanged.
     */
    static final class TrainingGraph extends ComputationGraph {
        private static final long serialVersionUID = 1L;

        TrainingGraph(ComputationGraphConfiguration configuration) {
            super(configuration);
        }

        @Override
        public double calcRegularizationScore(boolean backpropParamsOnly) {
            return 0.0;
        }
    }
}
