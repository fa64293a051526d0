package org.covidmtl.models.features;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.FeatureImportance;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;

/**
 * {@code random-forest}: one {@link RandomForest} per task on the raw feature table (trees are invariant
 * to monotone scaling). Parameters: {@code trees} (1000), {@code max-features} ({@code sqrt}, {@code log2},
 * {@code all} or a count; {@code sqrt}), {@code max-depth} (0 = unlimited), {@code min-samples-split} (2),
 * {@code bootstrap} (true), {@code threads} (0 = all processors), {@code clinical} (clinical attributes
 * appended to the features, see {@link InputColumns}; none).
 */
public final class RandomForestFactory implements ModelFactory {
    public static final String NAME = "random-forest";
    static final Set<String> PARAMETERS = Set.of("trees", "max-features", "max-depth", "min-samples-split",
            "bootstrap", "threads", "clinical");

    @Override
    public Set<ModelInput> inputs() {
        return EnumSet.of(ModelInput.FEATURES);
    }

    @Override
    public boolean multitask() {
        return false;
    }

    @Override
    public Model create(ModelSettings settings) {
        Settings.check(NAME, settings, PARAMETERS);
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
        return new ForestModel(settings.tasks(), trees, mf, maxDepth, minSplit, bootstrap, threads, settings.seed(),
                settings.get("clinical", ""));
    }

    static final class ForestModel implements Model, FeatureImportance {
        private final List<Task> tasks;
        private final int trees;
        private final String maxFeatures;
        private final int maxDepth;
        private final int minSplit;
        private final boolean bootstrap;
        private final int threads;
        private final long seed;
        private final String clinical;
        private InputColumns columns;
        private final Map<String, RandomForest> forests = new LinkedHashMap<>();

        ForestModel(List<Task> tasks, int trees, String maxFeatures, int maxDepth, int minSplit, boolean bootstrap,
                int threads, long seed, String clinical) {
            this.clinical = clinical;
            this.tasks = tasks;
            this.trees = trees;
            this.maxFeatures = maxFeatures;
            this.maxDepth = maxDepth;
            this.minSplit = minSplit;
            this.bootstrap = bootstrap;
            this.threads = threads;
            this.seed = seed;
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
        public TrainingHistory fit(Cohort train, Cohort validation, LossStrategy loss, Progress progress) {
            Progress p = progress == null ? Progress.none() : progress;
            columns = InputColumns.fit(train, clinical);
            double[][] x = columns.matrix(train);
            forests.clear();
            RandomForest.Config config = new RandomForest.Config(trees, mtry(x[0].length), maxDepth, minSplit,
                    bootstrap, threads);
            for (int t = 0; t < tasks.size(); t++) {
                Task task = tasks.get(t);
                int[] yAll = FeatureData.labels(train, task);
                int[] rows = FeatureData.known(yAll);
                if (rows.length == 0) {
                    throw new StageException("cohort " + train.name(), "no known labels for task " + task.name());
                }
                double[][] xs = new double[rows.length][];
                int[] ys = new int[rows.length];
                for (int k = 0; k < rows.length; k++) {
                    xs[k] = x[rows[k]];
                    ys[k] = yAll[rows[k]];
                }
                Progress sub = p.sub((double) t / tasks.size(), (t + 1.0) / tasks.size());
                p.checkCanceled();
                // the reference gives every forest random_state 11; here each task's forest gets the same seed
                RandomForest forest = RandomForest.train(xs, ys, task.classes(), config, seed, done -> {
                    sub.checkCanceled();
                    sub.setProgress((double) done / trees, "random forest " + task.name() + ": " + done + " trees");
                });
                forests.put(task.name(), forest);
            }
            p.setProgress(1, "random forest trained");
            return TrainingHistory.none();
        }

        @Override
        public Predictions predict(Cohort data, Progress progress) {
            if (forests.isEmpty()) {
                throw new IllegalStateException("random forest not trained");
            }
            double[][] x = columns.matrix(data);
            Map<String, double[][]> out = new LinkedHashMap<>();
            for (Task task : tasks) {
                out.put(task.name(), forests.get(task.name()).predictProba(x));
            }
            return new Predictions(FeatureData.ids(data), out);
        }

        @Override
        public Set<String> importanceTypes() {
            return Set.of(GAIN);
        }

        @Override
        public List<String> featureNames() {
            if (columns == null) {
                throw new IllegalStateException("random forest not trained");
            }
            return columns.names();
        }

        @Override
        public double[] importance(String task, String type) {
            if (forests.isEmpty()) {
                throw new IllegalStateException("random forest not trained");
            }
            if (!GAIN.equals(type)) {
                throw new IllegalArgumentException("random forest gives importance type " + GAIN + ", not " + type);
            }
            RandomForest f = forests.get(task);
            if (f == null) {
                throw new IllegalArgumentException("no task " + task + " in this model");
            }
            return f.impurityImportance();
        }
    }
}
