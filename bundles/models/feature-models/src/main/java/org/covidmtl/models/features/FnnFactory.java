package org.covidmtl.models.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.covidmtl.api.cohort.MinMaxScaler;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelDescriptor;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The feature-only FNN of COVID-MTL ({@link FnnNetwork}) on min–max scaled features.
 * <ul>
 * <li>{@code fnn-mtl} (multitask): one network with a head per task, the per-task losses
 * combined by the {@link LossStrategy} of {@link ModelSettings#loss()} (the mean when none is given);</li>
 * <li>{@code fnn-single}: one independent single-head network per task of the settings (train with
 * tasks = [covid-ct] for the single-task CT model, etc.); it refuses a loss strategy.</li>
 * </ul>
 * Parameters (defaults: the paper's, except {@code shuffle}): {@code epochs} (80), {@code batch-size} (10),
 * {@code learning-rate} (0.005), {@code min-learning-rate} (5e-5, the cosine schedule's floor),
 * {@code momentum} (0.9, Nesterov), {@code weight-decay} (5e-5), {@code dropout} (0.3, before each
 * head's dense layer; 0 = none), {@code hidden} ({@code 256,128,64,32}), {@code shuffle} (true: the
 * training rows are reshuffled every epoch, chosen by 5-fold cross-validation on the training split, see
 * {@code bench/fnn-model-selection}; false keeps the reference's fixed order), {@code reference-scaling}
 * (false: the scaler is fitted on the training cohort; true: on training ∪ validation cohort, which with the test set as validation is the
 * reference's scaler fitted on all 1329 studies), {@code clinical} (clinical attributes appended to the
 * features before scaling, see {@link InputColumns}; none), {@code weight-init} ({@code he}: He normal
 * weights, zero biases; {@code pytorch}: PyTorch's nn.Linear default, weights and biases U(±1/√fan_in)).
 * <p>
 * Artifact ({@link Model#save}): {@code model.json}, {@code columns.properties} (input columns, training
 * ranges, clinical imputation), {@code scaler.properties} (the fitted min–max scaler) and the DL4J network(s)
 * ({@code network.zip} for fnn-mtl, {@code network-<task>.zip} per task for fnn-single, written by
 * {@code ModelSerializer} without updater state).
 */
public final class FnnFactory implements ModelFactory {
    public static final String MTL = "fnn-mtl";
    public static final String SINGLE = "fnn-single";
    /** The version of the models' definition and artifact layout. */
    public static final String VERSION = "1.0.0";
    static final Set<String> PARAMETERS = Set.of("epochs", "batch-size", "learning-rate", "min-learning-rate",
            "momentum", "weight-decay", "dropout", "hidden", "shuffle", "reference-scaling", "clinical", "weight-init");
    static final String SCALER = "scaler.properties";

    private final boolean multitask;
    private final ModelDescriptor descriptor;

    public FnnFactory(boolean multitask) {
        this.multitask = multitask;
        this.descriptor = multitask
                ? new ModelDescriptor(MTL, VERSION, EnumSet.of(ModelInput.FEATURES, ModelInput.CLINICAL), true,
                        "multitask FNN on the feature table, one softmax head per task, task losses combined by a"
                                + " loss strategy; DL4J")
                : new ModelDescriptor(SINGLE, VERSION, EnumSet.of(ModelInput.FEATURES, ModelInput.CLINICAL), false,
                        "single-task FNNs on the feature table, one independent network per task; DL4J");
    }

    public String name() {
        return descriptor.name();
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Model create(ModelSettings s) {
        Settings.check(name(), s, PARAMETERS);
        if (!multitask) {
            Settings.refuseLoss(name(), s);
        }
        int epochs = Settings.positiveInt(s, "epochs", 80);
        int batch = Settings.positiveInt(s, "batch-size", 10);
        double lr = s.getDouble("learning-rate", 0.005);
        double lrMin = Settings.nonNegative(s, "min-learning-rate", 5e-5);
        if (!(lr > 0) || lrMin > lr) {
            throw new StageException("parameter learning-rate", "must be > 0 and >= min-learning-rate, is " + lr);
        }
        double momentum = Settings.nonNegative(s, "momentum", 0.9);
        if (momentum >= 1) {
            throw new StageException("parameter momentum", "must be in [0, 1), is " + momentum);
        }
        double wd = Settings.nonNegative(s, "weight-decay", 5e-5);
        double dropout = Settings.nonNegative(s, "dropout", 0.3);
        if (dropout >= 1) {
            throw new StageException("parameter dropout", "must be in [0, 1), is " + dropout);
        }
        int[] hidden;
        try {
            hidden = Arrays.stream(s.get("hidden", "256,128,64,32").split(",")).map(String::trim)
                    .mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new StageException("parameter hidden", "not a comma-separated list of layer widths: "
                    + s.get("hidden", ""));
        }
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new StageException("parameter hidden", "needs at least one width >= 1: " + s.get("hidden", ""));
        }
        boolean shuffle = Settings.getBoolean(s, "shuffle", true);
        boolean refScaling = Settings.getBoolean(s, "reference-scaling", false);
        String init = s.get("weight-init", "he").trim();
        if (!init.equals("he") && !init.equals("pytorch")) {
            throw new StageException("parameter weight-init", "not he or pytorch: " + init);
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        resolved.put("epochs", Integer.toString(epochs));
        resolved.put("batch-size", Integer.toString(batch));
        resolved.put("learning-rate", Double.toString(lr));
        resolved.put("min-learning-rate", Double.toString(lrMin));
        resolved.put("momentum", Double.toString(momentum));
        resolved.put("weight-decay", Double.toString(wd));
        resolved.put("dropout", Double.toString(dropout));
        resolved.put("hidden", Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        resolved.put("shuffle", Boolean.toString(shuffle));
        resolved.put("reference-scaling", Boolean.toString(refScaling));
        resolved.put("clinical", s.get("clinical", "").trim());
        resolved.put("weight-init", init);
        LossStrategy loss = s.loss() == null ? null : s.loss().strategy();
        return new FnnModel(descriptor, s, resolved, s.loss() == null ? null : s.loss().name(), loss, hidden, dropout,
                epochs, batch, lr, lrMin, momentum, wd, shuffle, refScaling, init.equals("pytorch"));
    }

    /**
     * A trained FNN model from an artifact: {@code columns.properties}, {@code scaler.properties} and the
     * network file(s).
     */
    @Override
    public Model load(Path artifact) {
        FeatureModel.Loaded<FnnModel> l = FeatureModel.open(artifact, descriptor, s -> (FnnModel) create(s));
        FnnModel m = l.model();
        m.readPayload(artifact, l.columns().width());
        m.restore(artifact, l.manifest(), l.columns());
        return m;
    }

    /** A trained or untrained FNN model. */
    static final class FnnModel extends FeatureModel {
        private final boolean multitask;
        private final LossStrategy loss;
        private final int[] hidden;
        private final double dropout;
        private final int epochs;
        private final int batch;
        private final double lr;
        private final double lrMin;
        private final double momentum;
        private final double wd;
        private final boolean shuffle;
        private final boolean referenceScaling;
        private final boolean torchInit;
        private MinMaxScaler scaler;
        private final List<FnnNetwork> networks = new ArrayList<>();

        FnnModel(ModelDescriptor descriptor, ModelSettings settings, Map<String, String> resolved, String lossName,
                LossStrategy loss, int[] hidden, double dropout, int epochs, int batch, double lr, double lrMin,
                double momentum, double wd, boolean shuffle, boolean referenceScaling, boolean torchInit) {
            super(descriptor, settings, resolved, lossName);
            this.multitask = descriptor.multitask();
            this.loss = loss;
            this.torchInit = torchInit;
            this.hidden = hidden;
            this.dropout = dropout;
            this.epochs = epochs;
            this.batch = batch;
            this.lr = lr;
            this.lrMin = lrMin;
            this.momentum = momentum;
            this.wd = wd;
            this.shuffle = shuffle;
            this.referenceScaling = referenceScaling;
        }

        /** The networks (one for fnn-mtl, one per task for fnn-single), for tests. */
        List<FnnNetwork> networks() {
            return networks;
        }

        private static int[][] labels(Cohort c, List<Task> tasks) {
            int[][] y = new int[tasks.size()][];
            for (int k = 0; k < y.length; k++) {
                y[k] = FeatureData.labels(c, tasks.get(k));
            }
            return y;
        }

        private FnnNetwork.Config config(int inputs) {
            return new FnnNetwork.Config(inputs, hidden, dropout, epochs, batch, lr, lrMin, momentum, wd, shuffle,
                    torchInit);
        }

        @Override
        protected TrainingHistory train(InputColumns columns, Cohort train, Cohort validation, Progress p) {
            List<Task> tasks = tasks();
            long seed = seed();
            double[][] xRaw = columns.matrix(train);
            double[][] vRaw = validation == null || validation.size() == 0 ? null : columns.matrix(validation);
            scaler = referenceScaling && vRaw != null ? MinMaxScaler.fit(xRaw, vRaw) : MinMaxScaler.fit(xRaw);
            double[][] x = scaler.transform(xRaw);
            double[][] vx = vRaw == null ? null : scaler.transform(vRaw);
            int[][] y = labels(train, tasks);
            int[][] vy = vx == null ? null : labels(validation, tasks);
            FnnNetwork.Config config = config(x[0].length);
            networks.clear();
            if (multitask) {
                int[] classes = tasks.stream().mapToInt(Task::classes).toArray();
                Nd4j.getRandom().setSeed(seed);
                FnnNetwork net = new FnnNetwork(config, classes, seed);
                TaskWeighting w = loss == null ? FixedWeighting.mean(tasks.size()) : loss.start(tasks.size(), seed);
                TrainingHistory h = net.fit(x, y, vx, vy, w, seed, p);
                networks.add(net);
                return h;
            }
            List<TrainingHistory> histories = new ArrayList<>();
            for (int k = 0; k < tasks.size(); k++) {
                Nd4j.getRandom().setSeed(seed + k);
                FnnNetwork net = new FnnNetwork(config, new int[] { tasks.get(k).classes() }, seed + k);
                TrainingHistory h = net.fit(x, new int[][] { y[k] }, vx, vy == null ? null : new int[][] { vy[k] },
                        new FixedWeighting(new double[] { 1.0 }), seed + k,
                        p.sub((double) k / tasks.size(), (k + 1.0) / tasks.size()));
                networks.add(net);
                histories.add(h);
            }
            return merge(histories);
        }

        /** Independent single-task runs as one history: per-task columns side by side, totals summed. */
        private static TrainingHistory merge(List<TrainingHistory> hs) {
            List<TrainingHistory.Epoch> out = new ArrayList<>();
            int epochs = hs.get(0).epochs().size();
            for (int e = 0; e < epochs; e++) {
                double train = 0;
                double val = 0;
                double[] l = new double[hs.size()];
                double[] w = new double[hs.size()];
                for (int k = 0; k < hs.size(); k++) {
                    TrainingHistory.Epoch ep = hs.get(k).epochs().get(e);
                    train += ep.trainLoss();
                    val += ep.validationLoss();
                    l[k] = ep.taskLosses()[0];
                    w[k] = ep.taskWeights()[0];
                }
                TrainingHistory.Epoch first = hs.get(0).epochs().get(e);
                out.add(new TrainingHistory.Epoch(e + 1, first.learningRate(), train, val, l, w));
            }
            return new TrainingHistory(out);
        }

        @Override
        protected boolean trained() {
            return !networks.isEmpty();
        }

        @Override
        protected Map<String, double[][]> probabilities(double[][] raw) {
            double[][] x = scaler.transform(raw);
            List<Task> tasks = tasks();
            Map<String, double[][]> out = new LinkedHashMap<>();
            if (multitask) {
                double[][][] p = networks.get(0).predict(x);
                for (int k = 0; k < tasks.size(); k++) {
                    out.put(tasks.get(k).name(), p[k]);
                }
            } else {
                for (int k = 0; k < tasks.size(); k++) {
                    out.put(tasks.get(k).name(), networks.get(k).predict(x)[0]);
                }
            }
            return out;
        }

        /** The network file of head set {@code k}: {@code network.zip}, or {@code network-<task>.zip}. */
        private String networkFile(int k) {
            return multitask ? "network.zip" : "network-" + tasks().get(k).name() + ".zip";
        }

        @Override
        protected void writePayload(Path folder) throws IOException {
            Properties p = new Properties();
            p.setProperty("format", "1");
            p.setProperty("columns", Integer.toString(scaler.columns()));
            PayloadFiles.put(p, "min", scaler.min());
            PayloadFiles.put(p, "max", scaler.max());
            PayloadFiles.write(folder.resolve(SCALER), p, "min-max scaler of the input columns: (x - min) / (max - min)");
            for (int k = 0; k < networks.size(); k++) {
                networks.get(k).write(folder.resolve(networkFile(k)).toFile());
            }
        }

        @Override
        protected Map<String, String> provenanceExtras() {
            return Map.of("nd4j-backend", Nd4j.getBackend().getClass().getName());
        }

        /** Reads the scaler and the network(s) of an artifact whose input columns are {@code width} wide. */
        void readPayload(Path artifact, int width) {
            Path file = artifact.resolve(SCALER);
            Properties p = PayloadFiles.read(file);
            if (PayloadFiles.integer(p, "format", file) != 1) {
                throw new ModelArtifactException(file.toString(), "format " + p.getProperty("format") + " (this model reads 1)");
            }
            int d = PayloadFiles.integer(p, "columns", file);
            if (d != width) {
                throw new ModelArtifactException(file.toString(), d + " columns, the input columns are " + width);
            }
            double[] min = PayloadFiles.numbers(p, "min", d, file);
            double[] max = PayloadFiles.numbers(p, "max", d, file);
            for (int j = 0; j < d; j++) {
                if (min[j] > max[j]) {
                    throw new ModelArtifactException(file.toString(), "column " + j + ": min " + min[j] + " above max "
                            + max[j]);
                }
            }
            MinMaxScaler s = MinMaxScaler.fit(new double[][] { min, max });
            List<Task> tasks = tasks();
            List<FnnNetwork> nets = new ArrayList<>();
            int count = multitask ? 1 : tasks.size();
            for (int k = 0; k < count; k++) {
                Path net = artifact.resolve(networkFile(k));
                int[] classes = multitask ? tasks.stream().mapToInt(Task::classes).toArray()
                        : new int[] { tasks.get(k).classes() };
                if (!Files.isRegularFile(net)) {
                    throw new ModelArtifactException(net.toString(), "missing from the artifact");
                }
                try {
                    nets.add(FnnNetwork.read(net.toFile(), config(width), classes));
                } catch (IOException e) {
                    throw new ModelArtifactException(net.toString(), "not a valid network of this model: "
                            + e.getMessage(), e);
                }
            }
            scaler = s;
            networks.clear();
            networks.addAll(nets);
        }
    }
}
