package org.covidmtl.assessment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.model.HeldOutPredictions;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.cohort.CohortLoader;
import org.covidmtl.cohort.CohortSources;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.cohort.Scaling;
import org.covidmtl.models.artifact.ArtifactManifest;
import org.covidmtl.models.artifact.Artifacts;

/**
 * Trained models for an assessment: an artifact given with {@code --model}, or the default model: a
 * {@code random-forest} trained on the paper's 930 training studies (raw radiomic features, seed 11, the factory's
 * defaults but threads = available processors), cached in the distribution and trained again only when the cache
 * is missing or does not load.
 */
public final class DefaultModel {
    private DefaultModel() {
    }

    /** Loads an artifact with the factory its {@code model.json} names. */
    public static LoadedModel load(AssessmentStages stages, Path artifact) {
        return load(stages, artifact, false, null);
    }

    private static LoadedModel load(AssessmentStages stages, Path artifact, boolean isDefault, String note) {
        ArtifactManifest m = Artifacts.read(artifact);
        Provider<ModelFactory> f = stages.model(m.schema().model());
        Model model = f.service().load(artifact);
        return new LoadedModel(model, f, artifact, m, isDefault, note);
    }

    /**
     * The default model: loaded from its cache, or trained now and cached.
     *
     * @throws StageException saying what to pass ({@code --model} or {@code COVIDMTL_SHARED}) when it is not cached
     *         and the paper's training data is not found
     */
    public static synchronized LoadedModel get(AssessmentStages stages, AssessmentConfig config, Progress progress) {
        Path cache = config.defaultModel();
        if (cache == null) {
            throw new StageException("default model", "no distribution folder (covidmtl.home) to keep it in: pass "
                    + "--model <artifact>");
        }
        String stale = null;
        if (Files.isDirectory(cache)) {
            try {
                LoadedModel cached = load(stages, cache, true, null);
                String made = cached.manifest().schema().version();
                String current = cached.factory().service().descriptor().version();
                if (made.equals(current) || !(cached.model() instanceof HeldOutPredictions h)
                        || h.heldOut() != null) {
                    return cached;
                }
                // made by an earlier version of the factory, without the out-of-bag predictions that calibrate it
                // (a model of the current version without them, e.g. grown without bootstrap, is used as it is)
                stale = "it has no held-out predictions to calibrate with (made by " + cached.factory().name() + " "
                        + made + ", now " + current + ")";
            } catch (StageException e) {
                stale = e.getMessage();
            }
        }
        long t0 = System.nanoTime();
        CohortSources sources = sources(config);
        CohortSplit split = CohortLoader.loadSplit(sources, Scaling.NONE, progress.sub(0, 0.05));
        Provider<ModelFactory> f = stages.model(AssessmentConfig.DEFAULT_MODEL_FACTORY);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        parameters.putAll(config.defaultModelParameters());
        Model model = f.service().create(new ModelSettings(CohortLoader.TASKS, parameters,
                AssessmentConfig.DEFAULT_MODEL_SEED));
        progress.setProgress(0.05, "training the default model (" + f.name() + ", " + split.train().size() + " studies)");
        model.fit(split.train(), null, progress.sub(0.05, 0.98));
        model.save(cache);
        String note = String.format(Locale.ROOT,
                "trained the default model (%s, seed %d, the paper's %d training studies) in %.1f s; cached at %s%s",
                f.name(), AssessmentConfig.DEFAULT_MODEL_SEED, split.train().size(), (System.nanoTime() - t0) / 1e9,
                cache, stale == null ? "" : " (the cached one was not used: " + stale + ")");
        progress.setProgress(1, null);
        return load(stages, cache, true, note);
    }

    /** The paper's cohort files under the shared folder, each checked to exist. */
    static CohortSources sources(AssessmentConfig config) {
        String remedy = ": pass --model <artifact>, or set COVIDMTL_SHARED (system property covidmtl.shared) to the "
                + "shared data folder that holds " + AssessmentConfig.COHORT_FOLDER;
        if (config.shared() == null) {
            throw new StageException("default model", "not trained yet, and no shared data folder is set to train it "
                    + "from" + remedy);
        }
        Path dir = config.shared().resolve(AssessmentConfig.COHORT_FOLDER);
        CohortSources s = CohortSources.paper(dir);
        for (Path p : s.files()) {
            if (!Files.isRegularFile(p)) {
                throw new StageException("default model", "not trained yet, and its training data " + p
                        + " is missing" + remedy);
            }
        }
        return s;
    }
}
