package org.covidmtl.models.features;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
        graph = new ComputationGraph(b.build());
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
        return new FnnNetwork(config, classes, g);
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

    /** One-hot labels of rows {@code rows} for every task, and label masks where a label is unknown. */
    MultiDataSet batch(double[][] x, int[][] y, int[] rows) {
        double[][] xb = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            xb[i] = x[rows[i]];
        }
        INDArray[] labels = new INDArray[classes.length];
        INDArray[] masks = new INDArray[classes.length];
        boolean anyMask = false;
        for (int k = 0; k < classes.length; k++) {
            float[][] oh = new float[rows.length][classes[k]];
            float[][] m = new float[rows.length][1];
            boolean unknown = false;
            for (int i = 0; i < rows.length; i++) {
                int v = y[k][rows[i]];
                if (v >= 0) {
                    oh[i][v] = 1f;
                    m[i][0] = 1f;
                } else {
                    unknown = true;
                }
            }
            labels[k] = Nd4j.create(oh);
            if (unknown) {
                masks[k] = Nd4j.create(m);
                anyMask = true;
            }
        }
        if (anyMask) {
            for (int k = 0; k < classes.length; k++) {
                if (masks[k] == null) {
                    masks[k] = Nd4j.ones(DataType.FLOAT, rows.length, 1);
                }
            }
        }
        return new MultiDataSet(new INDArray[] { features(xb) }, labels, null, anyMask ? masks : null);
    }

    /**
     * Trains. Per iteration: w = weighting.next() scales each head's gradient; one SGD step; then
     * weighting.total(L) and weighting.learn(L, lr) with the iteration's raw per-task losses L.
     *
     * @param y labels [task][row], −1 = unknown
     * @param vx validation rows or {@code null}
     */
    TrainingHistory fit(double[][] x, int[][] y, double[][] vx, int[][] vy, TaskWeighting weighting, long seed,
            Progress progress) {
        int n = x.length;
        int bs = config.batchSize();
        int batches = (n + bs - 1) / bs;
        SplittableRandom shuffler = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        List<MultiDataSet> fixed = config.shuffle() ? null : batches(x, y, order);
        List<TrainingHistory.Epoch> epochs = new ArrayList<>();
        int tasks = classes.length;
        for (int e = 0; e < config.epochs(); e++) {
            progress.checkCanceled();
            double lr = learningRate(e);
            graph.setLearningRate(lr);
            List<MultiDataSet> data = fixed;
            if (data == null) {
                for (int i = n - 1; i > 0; i--) {
                    int j = shuffler.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                data = batches(x, y, order);
            }
            double sumTotal = 0;
            double[] sumLoss = new double[tasks];
            double[] sumWeight = new double[tasks];
            for (MultiDataSet mds : data) {
                double[] w = weighting.next();
                setTaskWeights(w);
                graph.fit(mds);
                double[] l = lastTaskLosses();
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
                meanLoss[k] = sumLoss[k] / data.size();
                meanWeight[k] = sumWeight[k] / data.size();
            }
            double val = Double.NaN;
            if (vx != null && vx.length > 0) {
                val = weighting.total(crossEntropy(predict(vx), vy));
            }
            epochs.add(new TrainingHistory.Epoch(e + 1, lr, sumTotal / data.size(), val, meanLoss, meanWeight));
            progress.setProgress((e + 1.0) / config.epochs(), String.format("epoch %d/%d loss %.4f%s", e + 1,
                    config.epochs(), sumTotal / data.size(), Double.isNaN(val) ? "" : String.format(" val %.4f", val)));
        }
        return new TrainingHistory(epochs);
    }

    private List<MultiDataSet> batches(double[][] x, int[][] y, int[] order) {
        int n = x.length;
        int bs = config.batchSize();
        List<MultiDataSet> list = new ArrayList<>();
        for (int s = 0; s < n; s += bs) {
            list.add(batch(x, y, Arrays.copyOfRange(order, s, Math.min(n, s + bs))));
        }
        return list;
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

    /** Probabilities [task][row][class] in inference mode. */
    double[][][] predict(double[][] x) {
        INDArray[] out = graph.output(false, features(x));
        double[][][] p = new double[out.length][][];
        for (int k = 0; k < out.length; k++) {
            p[k] = out[k].castTo(DataType.DOUBLE).toDoubleMatrix();
        }
        return p;
    }
}
