package org.covidmtl.models.features;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.HeldOut;
import org.covidmtl.api.model.HeldOutPredictions;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelDescriptor;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.Npy;

/**
 * {@code random-forest}: one {@link RandomForest} per task on the raw feature table (trees are invariant
 * to monotone scaling). Parameters: {@code trees} (1000), {@code max-features} ({@code sqrt}, {@code log2},
 * {@code all} or a count; {@code sqrt}), {@code max-depth} (0 = unlimited), {@code min-samples-split} (2),
 * {@code bootstrap} (true), {@code threads} (0 = all processors), {@code clinical} (clinical attributes
 * appended to the features, see {@link InputColumns}; none).
 */
public final class RandomForestFactory implements ModelFactory {
    public static final String NAME = "random-forest";
    /**
     * The version of the model's definition and artifact layout (1.1.0: the training studies' out-of-bag
     * probabilities, {@code held-out-<task>.npy}; a 1.0.0 artifact loads without them).
     */
    public static final String VERSION = "1.1.0";
    static final Set<String> PARAMETERS = Set.of("trees", "max-features", "max-depth", "min-samples-split",
            "bootstrap", "threads", "clinical");
    private static final ModelDescriptor DESCRIPTOR = new ModelDescriptor(NAME, VERSION,
            EnumSet.of(ModelInput.FEATURES, ModelInput.CLINICAL), false,
            "random forest per task on the feature table (and clinical attributes when asked), scikit-learn style");

    @Override
    public ModelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Model create(ModelSettings settings) {
        Settings.check(NAME, settings, PARAMETERS);
        Settings.refuseLoss(NAME, settings);
        int trees = Settings.positiveInt(settings, "trees", 1000);
        String mf = settings.get("max-features", "sqrt").trim();
        int maxDepth = settings.getInt("max-depth", 0);
        if (maxDepth < 0) {
            throw new StageException("parameter max-depth", "must be >= 0 (0 = unlimited), is " + maxDepth);
        }
        int minSplit = settings.getInt("min-samples-split", 2);
        if (minSplit < 2) {
            throw new StageException("parameter min-samples-split", "must be at least 2, is " + minSplit);
        }
        boolean bootstrap = Settings.getBoolean(settings, "bootstrap", true);
        int threads = Settings.threads(settings);
        if (!mf.equals("sqrt") && !mf.equals("log2") && !mf.equals("all")) {
            try {
                if (Integer.parseInt(mf) < 1) {
                    throw new StageException("parameter max-features", "must be at least 1, is " + mf);
                }
            } catch (NumberFormatException e) {
                throw new StageException("parameter max-features", "not sqrt, log2, all or a count: " + mf);
            }
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        resolved.put("trees", Integer.toString(trees));
        resolved.put("max-features", mf);
        resolved.put("max-depth", Integer.toString(maxDepth));
        resolved.put("min-samples-split", Integer.toString(minSplit));
        resolved.put("bootstrap", Boolean.toString(bootstrap));
        resolved.put("threads", Integer.toString(threads));
        resolved.put("clinical", settings.get("clinical", "").trim());
        return new ForestModel(settings, resolved, trees, mf, maxDepth, minSplit, bootstrap, threads);
    }

    /**
     * A trained forest model from an artifact: {@code columns.properties} and one {@code forest-<task>.bin} per
     * task ({@link RandomForest#write}).
     */
    @Override
    public Model load(Path artifact) {
        FeatureModel.Loaded<ForestModel> l = FeatureModel.open(artifact, DESCRIPTOR, s -> (ForestModel) create(s));
        Map<String, RandomForest> forests = new LinkedHashMap<>();
        for (Task task : l.manifest().schema().tasks()) {
            Path file = artifact.resolve(ForestModel.file(task));
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                forests.put(task.name(), RandomForest.read(in, task.classes(), l.columns().width()));
            } catch (NoSuchFileException e) {
                throw new ModelArtifactException(file.toString(), "missing from the artifact");
            } catch (IOException e) {
                throw new ModelArtifactException(file.toString(), "not a valid forest: " + e.getMessage(), e);
            }
        }
        ForestModel m = l.model();
        m.restore(artifact, l.manifest(), l.columns());
        m.restoreClassifiers(forests);
        for (Task task : l.manifest().schema().tasks()) {
            Path file = artifact.resolve(ForestModel.heldOutFile(task.name()));
            if (Files.isRegularFile(file)) {
                m.heldOut.put(task.name(), ForestModel.readHeldOut(file, task.classes()));
            }
        }
        return m;
    }

    static final class ForestModel extends PerTaskModel<RandomForest> implements HeldOutPredictions {
        /** Task → the training studies' labels and out-of-bag probabilities. */
        final Map<String, TaskHeldOut> heldOut = new LinkedHashMap<>();

        record TaskHeldOut(int[] labels, double[][] probabilities) {
        }

        private final int trees;
        private final String maxFeatures;
        private final int maxDepth;
        private final int minSplit;
        private final boolean bootstrap;
        private final int threads;
        private final long seed;
        private RandomForest.Config config;

        ForestModel(ModelSettings settings, Map<String, String> resolved, int trees, String maxFeatures, int maxDepth,
                int minSplit, boolean bootstrap, int threads) {
            super(DESCRIPTOR, settings, resolved);
            this.trees = trees;
            this.maxFeatures = maxFeatures;
            this.maxDepth = maxDepth;
            this.minSplit = minSplit;
            this.bootstrap = bootstrap;
            this.threads = threads;
            this.seed = settings.seed();
        }

        static String file(Task task) {
            return "forest-" + task.name() + ".bin";
        }

        static String heldOutFile(String task) {
            return "held-out-" + task + ".npy";
        }

        /** rows × (1 + classes) float32: the label, then the out-of-bag probabilities. */
        static TaskHeldOut readHeldOut(Path file, int classes) {
            Npy.Tensor t = Npy.read(file);
            long[] shape = t.shape();
            if (shape.length != 2 || shape[1] != 1 + classes) {
                throw new ModelArtifactException(file.toString(), "held-out table has shape "
                        + java.util.Arrays.toString(shape) + ", expected [rows, " + (1 + classes) + "]");
            }
            int n = (int) shape[0];
            int[] labels = new int[n];
            double[][] p = new double[n][classes];
            float[] d = t.data();
            for (int i = 0; i < n; i++) {
                labels[i] = (int) d[i * (1 + classes)];
                if (labels[i] < 0 || labels[i] >= classes || labels[i] != d[i * (1 + classes)]) {
                    throw new ModelArtifactException(file.toString(), "row " + i + ": label " + d[i * (1 + classes)]
                            + " outside 0.." + (classes - 1));
                }
                for (int c = 0; c < classes; c++) {
                    p[i][c] = d[i * (1 + classes) + 1 + c];
                }
            }
            return new TaskHeldOut(labels, p);
        }

        @Override
        public HeldOut heldOut() {
            if (heldOut.isEmpty()) {
                return null;
            }
            Map<String, int[]> labels = new LinkedHashMap<>();
            Map<String, double[][]> probabilities = new LinkedHashMap<>();
            int n = 0;
            for (Map.Entry<String, TaskHeldOut> e : heldOut.entrySet()) {
                labels.put(e.getKey(), e.getValue().labels().clone());
                probabilities.put(e.getKey(), e.getValue().probabilities().clone());
                n = Math.max(n, e.getValue().labels().length);
            }
            return new HeldOut("out-of-bag: each of " + n + " training studies predicted by the trees whose bootstrap"
                    + " sample left it out (about a third of " + trees + ")", labels, probabilities);
        }

        @Override
        protected void writePayload(Path folder) throws IOException {
            for (Map.Entry<String, TaskHeldOut> e : heldOut.entrySet()) {
                int[] y = e.getValue().labels();
                double[][] p = e.getValue().probabilities();
                int classes = p.length == 0 ? 0 : p[0].length;
                float[] d = new float[y.length * (1 + classes)];
                for (int i = 0; i < y.length; i++) {
                    d[i * (1 + classes)] = y[i];
                    for (int c = 0; c < classes; c++) {
                        d[i * (1 + classes) + 1 + c] = (float) p[i][c];
                    }
                }
                Npy.write(folder.resolve(heldOutFile(e.getKey())), new long[] {y.length, 1 + classes}, d);
            }
            for (Map.Entry<String, RandomForest> e : classifiers().entrySet()) {
                Path file = folder.resolve("forest-" + e.getKey() + ".bin");
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                    e.getValue().write(out);
                }
            }
        }

        private int mtry(int d) {
            switch (maxFeatures) {
            case "sqrt":
                return Math.max(1, (int) Math.sqrt(d));
            case "log2":
                return Math.max(1, (int) (Math.log(d) / Math.log(2)));
            case "all":
                return d;
            default:
                return Math.min(d, Integer.parseInt(maxFeatures));
            }
        }

        @Override
        protected void prepare(int columns) {
            config = new RandomForest.Config(trees, mtry(columns), maxDepth, minSplit, bootstrap, threads);
        }

        @Override
        protected RandomForest train(double[][] x, int[] y, Task task, Progress progress) {
            // the reference gives every forest random_state 11; here each task's forest gets the same seed
            RandomForest f = RandomForest.train(x, y, task.classes(), config, seed, done -> {
                progress.checkCanceled();
                progress.setProgress((double) done / trees, "random forest " + task.name() + ": " + done + " trees");
            });
            heldOut.remove(task.name());
            double[][] oob = f.outOfBagProbabilities();
            if (oob != null) {
                // rows that were in every tree's sample have no out-of-bag estimate
                List<Integer> kept = new ArrayList<>();
                for (int i = 0; i < oob.length; i++) {
                    if (!Double.isNaN(oob[i][0])) {
                        kept.add(i);
                    }
                }
                int[] labels = new int[kept.size()];
                double[][] p = new double[kept.size()][];
                for (int k = 0; k < labels.length; k++) {
                    labels[k] = y[kept.get(k)];
                    p[k] = oob[kept.get(k)];
                }
                heldOut.put(task.name(), new TaskHeldOut(labels, p));
            }
            return f;
        }

        @Override
        protected double[][] probabilities(RandomForest forest, double[][] x) {
            return forest.predictProba(x);
        }

        @Override
        public Set<String> importanceTypes() {
            return Set.of(GAIN);
        }

        @Override
        protected double[] importance(RandomForest forest, String type) {
            if (!GAIN.equals(type)) {
                throw new IllegalArgumentException("random forest gives importance type " + GAIN + ", not " + type);
            }
            return forest.impurityImportance();
        }
    }
}
