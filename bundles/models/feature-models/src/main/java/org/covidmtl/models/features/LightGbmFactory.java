package org.covidmtl.models.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
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
 * {@code lightgbm}: one LightGBM gbdt booster per task on the raw feature table, binary objective for
 * two classes and multiclass otherwise, with the defaults of LightGBM's scikit-learn wrapper except the
 * reference's 1000 estimators and learning rate 0.01. Parameters: {@code n-estimators} (1000),
 * {@code learning-rate} (0.01), {@code num-leaves} (31), {@code max-depth} (-1), {@code min-child-samples}
 * (20), {@code subsample} (1.0), {@code colsample} (1.0), {@code reg-alpha} (0), {@code reg-lambda} (0),
 * {@code threads} (0 = all processors), {@code extra} (more LightGBM parameters, {@code key=value}
 * separated by spaces), {@code clinical} (clinical attributes appended to the features, see
 * {@link InputColumns}; none).
 */
public final class LightGbmFactory implements ModelFactory {
    public static final String NAME = "lightgbm";
    static final Set<String> PARAMETERS = Set.of("n-estimators", "learning-rate", "num-leaves", "max-depth",
            "min-child-samples", "subsample", "colsample", "reg-alpha", "reg-lambda", "threads", "extra", "clinical");

    /** The version of the model's definition and artifact layout. */
    public static final String VERSION = "1.0.0";
    private static final ModelDescriptor DESCRIPTOR = new ModelDescriptor(NAME, VERSION,
            EnumSet.of(ModelInput.FEATURES, ModelInput.CLINICAL), false,
            "LightGBM gbdt per task on the feature table (and clinical attributes when asked)");

    @Override
    public ModelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * A trained LightGBM model from an artifact: {@code columns.properties} and one {@code booster-<task>.txt}
     * per task (LightGBM's own model text).
     */
    @Override
    public Model load(Path artifact) {
        FeatureModel.Loaded<BoosterModel> l = FeatureModel.open(artifact, DESCRIPTOR, s -> (BoosterModel) create(s));
        Map<String, LightGbmBooster> boosters = new LinkedHashMap<>();
        try {
            for (Task task : l.manifest().schema().tasks()) {
                Path file = artifact.resolve(BoosterModel.file(task));
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new ModelArtifactException(file.toString(), "missing from the artifact");
                } catch (IOException e) {
                    throw new ModelArtifactException(file.toString(), "cannot read: " + e.getMessage(), e);
                }
                try {
                    boosters.put(task.name(), LightGbmBooster.fromModelString(text, task.classes(), l.columns().width()));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new ModelArtifactException(file.toString(), "not a valid LightGBM model: " + e.getMessage(), e);
                }
            }
        } catch (RuntimeException e) {
            boosters.values().forEach(LightGbmBooster::close);
            throw e;
        }
        BoosterModel m = l.model();
        m.restore(artifact, l.manifest(), l.columns());
        m.restoreClassifiers(boosters);
        return m;
    }

    @Override
    public Model create(ModelSettings s) {
        Settings.check(NAME, s, PARAMETERS);
        Settings.refuseLoss(NAME, s);
        int rounds = Settings.positiveInt(s, "n-estimators", 1000);
        double lr = s.getDouble("learning-rate", 0.01);
        if (!(lr > 0)) {
            throw new StageException("parameter learning-rate", "must be > 0, is " + lr);
        }
        int leaves = s.getInt("num-leaves", 31);
        if (leaves < 2) {
            throw new StageException("parameter num-leaves", "must be at least 2, is " + leaves);
        }
        int maxDepth = s.getInt("max-depth", -1);
        int minChild = s.getInt("min-child-samples", 20);
        double subsample = s.getDouble("subsample", 1.0);
        double colsample = s.getDouble("colsample", 1.0);
        if (!(subsample > 0 && subsample <= 1) || !(colsample > 0 && colsample <= 1)) {
            throw new StageException("parameter subsample/colsample", "must be in (0, 1]");
        }
        double alpha = Settings.nonNegative(s, "reg-alpha", 0);
        double lambda = Settings.nonNegative(s, "reg-lambda", 0);
        int threads = Settings.threads(s);
        String extra = s.get("extra", "").trim();
        // the seed is kept in 31 bits: LightGBM reads it as a C int
        int seed = (int) (s.seed() & 0x7fffffffL);
        String common = String.format(Locale.ROOT,
                "boosting=gbdt learning_rate=%s num_leaves=%d max_depth=%d min_data_in_leaf=%d"
                        + " min_sum_hessian_in_leaf=0.001 bagging_fraction=%s bagging_freq=%d feature_fraction=%s"
                        + " lambda_l1=%s lambda_l2=%s seed=%d num_threads=%d deterministic=true force_row_wise=true"
                        + " verbosity=-1",
                lr, leaves, maxDepth, minChild, subsample, subsample < 1 ? 1 : 0, colsample, alpha, lambda, seed,
                threads);
        if (!extra.isEmpty()) {
            common = common + " " + extra;
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        resolved.put("n-estimators", Integer.toString(rounds));
        resolved.put("learning-rate", Double.toString(lr));
        resolved.put("num-leaves", Integer.toString(leaves));
        resolved.put("max-depth", Integer.toString(maxDepth));
        resolved.put("min-child-samples", Integer.toString(minChild));
        resolved.put("subsample", Double.toString(subsample));
        resolved.put("colsample", Double.toString(colsample));
        resolved.put("reg-alpha", Double.toString(alpha));
        resolved.put("reg-lambda", Double.toString(lambda));
        resolved.put("threads", Integer.toString(threads));
        resolved.put("extra", extra);
        resolved.put("clinical", s.get("clinical", "").trim());
        return new BoosterModel(s, resolved, common, rounds);
    }

    static final class BoosterModel extends PerTaskModel<LightGbmBooster> {
        private final String params;
        private final int rounds;

        BoosterModel(ModelSettings settings, Map<String, String> resolved, String params, int rounds) {
            super(DESCRIPTOR, settings, resolved);
            this.params = params;
            this.rounds = rounds;
        }

        static String file(Task task) {
            return "booster-" + task.name() + ".txt";
        }

        @Override
        protected void writePayload(Path folder) throws IOException {
            for (Task task : tasks()) {
                Files.writeString(folder.resolve(file(task)), classifiers().get(task.name()).modelString(),
                        StandardCharsets.UTF_8);
            }
        }

        /** The LightGBM parameter string of one task. */
        String parameters(Task task) {
            return (task.classes() == 2 ? "objective=binary " : "objective=multiclass num_class=" + task.classes() + " ")
                    + params;
        }

        @Override
        protected void discard(LightGbmBooster booster) {
            booster.close();
        }

        @Override
        protected LightGbmBooster train(double[][] x, int[] y, Task task, Progress progress) {
            return LightGbmBooster.train(x, y, task.classes(), parameters(task), rounds, it -> {
                if (it % 50 == 0) {
                    progress.checkCanceled();
                    progress.setProgress((double) it / rounds, "lightgbm " + task.name() + ": " + it + " rounds");
                }
            });
        }

        @Override
        protected double[][] probabilities(LightGbmBooster booster, double[][] x) {
            return booster.predictProba(x);
        }

        @Override
        public Set<String> importanceTypes() {
            return Set.of(GAIN, SPLIT);
        }

        @Override
        protected double[] importance(LightGbmBooster booster, String type) {
            if (GAIN.equals(type)) {
                return booster.importance(true);
            }
            if (SPLIT.equals(type)) {
                return booster.importance(false);
            }
            throw new IllegalArgumentException("lightgbm gives importance types gain and split, not " + type);
        }
    }
}
