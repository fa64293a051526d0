package org.covidmtl.models.features;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
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

    static final class ForestModel extends PerTaskModel<RandomForest> {
        private final int trees;
        private final String maxFeatures;
        private final int maxDepth;
        private final int minSplit;
        private final boolean bootstrap;
        private final int threads;
        private final long seed;
        private RandomForest.Config config;

        ForestModel(List<Task> tasks, int trees, String maxFeatures, int maxDepth, int minSplit, boolean bootstrap,
                int threads, long seed, String clinical) {
            super("random forest", tasks, clinical);
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
        protected void prepare(int columns) {
            config = new RandomForest.Config(trees, mtry(columns), maxDepth, minSplit, bootstrap, threads);
        }

        @Override
        protected RandomForest train(double[][] x, int[] y, Task task, Progress progress) {
            // the reference gives every forest random_state 11; here each task's forest gets the same seed
            return RandomForest.train(x, y, task.classes(), config, seed, done -> {
                progress.checkCanceled();
                progress.setProgress((double) done / trees, "random forest " + task.name() + ": " + done + " trees");
            });
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
