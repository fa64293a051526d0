package org.covidmtl.models.features;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelDescriptor;
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
    /** The version of the model's definition and artifact layout. */
    public static final String VERSION = "1.0.0";
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
        return m;
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

        @Override
        protected void writePayload(Path folder) throws IOException {
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
