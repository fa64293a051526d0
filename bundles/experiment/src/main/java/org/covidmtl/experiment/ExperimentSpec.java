package org.covidmtl.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.assessment.TrainingExperiment;
import org.covidmtl.cohort.CohortSources;
import org.covidmtl.cohort.Scaling;

/**
 * An experiment file (JSON), parsed and checked. Paths may hold {@code ${name}} variables: a system property,
 * else the environment variable of the same name upper-cased with dots as underscores ({@code ${covidmtl.shared}} →
 * {@code COVIDMTL_SHARED}); relative paths are resolved against the experiment file's folder.
 *
 * <pre>
 * {
 *   "name": "paper-features",                      // names the result folder
 *   "description": "...",                          // optional
 *   "data": {
 *     "cohort": "${covidmtl.shared}/data/covid-mtl/cohort.csv",
 *     "features": "${covidmtl.shared}/data/covid-mtl/radiomics.csv",   // optional
 *     "clinical": null,                            // optional ClinicalFeatures.xlsx
 *     "train": ".../split-seed11-train.txt", "test": ".../split-seed11-test.txt",
 *     "scaling": "train-only",                     // or "reference-scaling" (fitted on all rows) or "none"
 *     "volumes": {                                 // optional: the studies' CT volumes, for volume models
 *       "studies": "volumes.csv",                  // mtl:train's study table: id,volume,covid-ct,covid-nat,severity[,…]
 *       "features": "radiomics.csv",               // optional feature table for the volume models (first column id)
 *       "prepare": "segment",                      // or "as-is" (the files are prepared 1 mm masked volumes)
 *       "segmenter": "classical" }                 // optional; default: the segmenter stage's selected one
 *   },
 *   "tasks": ["covid-ct", "covid-nat", "severity"], // optional, default: all three
 *   "seeds": [11, 12, 13, 14, 15],                 // default for every run
 *   "validation": "test",                          // cohort passed to fit() for validation loss: "test" or "none"
 *   "evaluation": { "bootstrap": 1000, "seed": 11, "evaluators": ["accuracy", "weighted-prf", "auc", "paper-auc",
 *                   "calibration", "confusion"], "comparator": "delong" },   // comparator: a name, "none", or
 *                                                  // absent for the platform's selected one
 *   "analysis": { "task": "severity", "top": 24 }, // optional feature analysis (Welch's ANOVA, plots)
 *   "models": "first-seed",                        // trained models saved under models/: "first-seed", "all", "none"
 *   "runs": [
 *     { "label": "RF", "model": "random-forest", "parameters": { "trees": "1000" },
 *       "paper": { "covid-ct": 0.913, "covid-nat": 0.819 } },
 *     { "label": "fnn-mtl", "model": "fnn-mtl", "loss": ["random-weighted", "uncertainty", "mean"],
 *       "seeds": [1, 2], "parameters": { "epochs": "80" } }
 *   ]
 * }
 * </pre>
 *
 * A run's {@code loss} is a name, a list of names, or {@code "default"} (the platform's selected loss strategy);
 * runs without {@code loss} pass none; a run that names a loss for a model that is not multitask is refused.
 * <p>
 * A run whose model trains on CT volumes (its descriptor's inputs include {@code VOLUME}, e.g. {@code covid-mtl})
 * needs {@code data.volumes}: the study table {@code mtl:train} reads ({@link org.covidmtl.assessment.StudyTable};
 * volume paths relative to the table's folder), with a row for every study of the train and test split whose labels
 * agree with the cohort's (empty or -1: not given). Its {@code parameters} are the model's, training keys included
 * ({@code epochs}, {@code batch-size}, …); it is trained per seed and loss like a feature run.
 */
public record ExperimentSpec(Path file, String name, String description, CohortSources sources, Scaling scaling,
        List<String> tasks, String validation, int bootstrap, long bootstrapSeed, List<String> evaluators,
        Analysis analysis, List<Run> runs, Map<String, Object> raw) {

    /** The default loss strategy, as named in experiment files. */
    public static final String DEFAULT_LOSS = "default";
    /** {@code evaluation.comparator} for an experiment without comparisons of configurations. */
    public static final String NO_COMPARATOR = "none";
    public static final List<String> ALL_EVALUATORS = List.of("accuracy", "weighted-prf", "auc", "paper-auc",
            "calibration", "confusion");

    /**
     * Feature analysis settings.
     *
     * @param task task name whose label groups are compared
     * @param top features in the heatmap
     * @param boxPlots features in the box plots
     */
    public record Analysis(String task, int top, int boxPlots) {
    }

    /**
     * {@code data.volumes}: where the studies' CT volumes are, for runs whose model trains on volumes.
     *
     * @param studies the study table ({@code mtl:train}'s format)
     * @param features a feature table for the studies (first column the study id), or {@code null}
     * @param prepare how a study's file becomes the model's input ({@code segment}, the default, or {@code as-is})
     * @param segmenter the segmenter's name, or {@code null} for the segmenter stage's selected one
     */
    public record Volumes(Path studies, Path features, TrainingExperiment.Prepare prepare, String segmenter) {
    }

    /** {@code data.volumes}, or empty when the experiment has no volumes. */
    public Optional<Volumes> volumes() {
        if (raw() != null && raw().get("data") instanceof Map<?, ?> data && data.get("volumes") != null) {
            return Optional.of(volumes(file().toString(), data.get("volumes"), file().toAbsolutePath().getParent()));
        }
        return Optional.empty();
    }

    private static Volumes volumes(String f, Object o, Path base) {
        String w = "data.volumes";
        Map<String, Object> v = object(f, w, o);
        known(f, w + ".", v, "studies", "features", "prepare", "segmenter");
        Path studies = path(f, w + ".studies", v.get("studies"), base, true);
        Path features = path(f, w + ".features", v.get("features"), base, false);
        String key = string(f, w + ".prepare", v.get("prepare"), TrainingExperiment.Prepare.SEGMENT.key());
        TrainingExperiment.Prepare prepare = null;
        for (TrainingExperiment.Prepare p : TrainingExperiment.Prepare.values()) {
            if (p.key().equals(key)) {
                prepare = p;
            }
        }
        if (prepare == null) {
            throw new StageException(f + " " + w + ".prepare", "must be \"segment\" or \"as-is\": " + key);
        }
        String segmenter = v.get("segmenter") == null ? null : string(f, w + ".segmenter", v.get("segmenter"), null);
        if (segmenter != null && prepare == TrainingExperiment.Prepare.AS_IS) {
            throw new StageException(f + " " + w + ".segmenter", "only with \"prepare\": \"segment\" (as-is volumes "
                    + "are not segmented)");
        }
        return new Volumes(studies, features, prepare, segmenter);
    }

    /**
     * One entry of {@code runs}: a model, its parameters, the loss strategies and seeds to train it with.
     *
     * @param label display name (unique)
     * @param model the factory's {@code covidmtl.name}
     * @param losses loss strategy names ({@code default} allowed); empty = none
     * @param seeds seeds, one training per seed and loss
     * @param parameters hyper-parameters for {@code ModelSettings}
     * @param paper the paper's AUC per task name, for the comparison table
     */
    public record Run(String label, String model, List<String> losses, List<Long> seeds, Map<String, String> parameters,
            Map<String, Double> paper) {
        public Run {
            losses = List.copyOf(losses);
            seeds = List.copyOf(seeds);
            parameters = Map.copyOf(parameters);
            paper = Map.copyOf(paper);
        }

        /** The configurations of this run: one per loss (a single one named by the label when there is no loss). */
        public List<String> configurations() {
            if (losses.isEmpty()) {
                return List.of(label);
            }
            List<String> out = new ArrayList<>();
            for (String l : losses) {
                out.add(label + "/" + l);
            }
            return out;
        }
    }

    /**
     * How many trainings (model × loss × seed) run at once; 1 (the default) trains one after the other.
     * Results do not depend on it: every training is seeded on its own and results are kept in file order.
     */
    public int parallel() {
        Object p = raw() == null ? null : raw().get("parallel");
        return p instanceof Number n ? n.intValue() : 1;
    }

    /** {@code models}: which trained models are saved as artifacts under {@code models/} of the results. */
    public static final List<String> SAVE_MODELS = List.of("first-seed", "all", "none");

    /**
     * Which trained models are saved ({@code "models"}: {@code first-seed}, the default, saves the first seed of
     * every configuration; {@code all}; {@code none}).
     */
    public String saveModels() {
        Object p = raw() == null ? null : raw().get("models");
        return p instanceof String s ? s : "first-seed";
    }

    /**
     * Reads and checks an experiment file.
     *
     * @throws StageException naming the file and the problem: for malformed JSON its line and column, for a wrong
     *         member its place ({@code runs[0].seed})
     */
    public static ExperimentSpec read(Path file) {
        return parse(file, JsonFiles.read(file));
    }

    /**
     * The comparator of configurations the file names ({@code evaluation.comparator}): a provider's
     * {@code covidmtl.name}, or {@link #NO_COMPARATOR}; empty for the platform's selected comparator.
     */
    public Optional<String> comparator() {
        return raw() != null && raw().get("evaluation") instanceof Map<?, ?> ev && ev.get("comparator") instanceof String c
                ? Optional.of(c) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    static ExperimentSpec parse(Path file, Object root) {
        String f = file.toString();
        Map<String, Object> m = object(f, "", root);
        known(f, "", m, "name", "description", "data", "tasks", "seeds", "validation", "evaluation", "analysis", "parallel",
                "models", "runs", "comment");
        String saveModels = string(f, "models", m.get("models"), "first-seed");
        if (!SAVE_MODELS.contains(saveModels)) {
            throw new StageException(f + " models", "must be one of " + String.join(", ", SAVE_MODELS) + ": "
                    + saveModels);
        }
        String name = string(f, "name", m.get("name"), null);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new StageException(f + " name", "use letters, digits, '.', '_' or '-' only: " + name);
        }
        String description = string(f, "description", m.get("description"), "");
        Path base = file.toAbsolutePath().getParent();

        Map<String, Object> data = object(f, "data", m.get("data"));
        known(f, "data.", data, "cohort", "features", "clinical", "train", "test", "scaling", "volumes");
        if (data.get("volumes") != null) {
            volumes(f, data.get("volumes"), base);
        }
        Path cohort = path(f, "data.cohort", data.get("cohort"), base, true);
        Path features = path(f, "data.features", data.get("features"), base, false);
        Path clinical = path(f, "data.clinical", data.get("clinical"), base, false);
        Path train = path(f, "data.train", data.get("train"), base, true);
        Path test = path(f, "data.test", data.get("test"), base, true);
        Scaling scaling;
        try {
            scaling = Scaling.parse(string(f, "data.scaling", data.get("scaling"), "train-only"));
        } catch (IllegalArgumentException e) {
            throw new StageException(f + " data.scaling", e.getMessage());
        }

        List<String> tasks = new ArrayList<>();
        if (m.get("tasks") == null) {
            for (Task t : org.covidmtl.cohort.CohortLoader.TASKS) {
                tasks.add(t.name());
            }
        } else {
            for (Object o : list(f, "tasks", m.get("tasks"))) {
                String t = string(f, "tasks[]", o, null);
                if (org.covidmtl.cohort.CohortLoader.TASKS.stream().noneMatch(x -> x.name().equals(t))) {
                    throw new StageException(f + " tasks", "unknown task " + t + " (covid-ct, covid-nat, severity)");
                }
                tasks.add(t);
            }
        }
        List<Long> seeds = m.get("seeds") == null ? List.of(11L) : seeds(f, "seeds", m.get("seeds"));
        long parallel = integer(f, "parallel", m.get("parallel"), 1);
        if (parallel < 1 || parallel > 64) {
            throw new StageException(f + " parallel", "must be 1..64: " + parallel);
        }
        String validation = string(f, "validation", m.get("validation"), "test").toLowerCase(Locale.ROOT);
        if (!validation.equals("test") && !validation.equals("none")) {
            throw new StageException(f + " validation", "must be \"test\" or \"none\": " + validation);
        }

        Map<String, Object> ev = m.get("evaluation") == null ? Map.of() : object(f, "evaluation", m.get("evaluation"));
        known(f, "evaluation.", ev, "bootstrap", "seed", "evaluators", "comparator");
        string(f, "evaluation.comparator", ev.get("comparator"), NO_COMPARATOR);
        int bootstrap = (int) integer(f, "evaluation.bootstrap", ev.get("bootstrap"), 1000);
        if (bootstrap < 0) {
            throw new StageException(f + " evaluation.bootstrap", "must be >= 0: " + bootstrap);
        }
        long bootstrapSeed = integer(f, "evaluation.seed", ev.get("seed"), 11);
        List<String> evaluators = new ArrayList<>();
        if (ev.get("evaluators") == null) {
            evaluators.addAll(ALL_EVALUATORS);
        } else {
            for (Object o : list(f, "evaluation.evaluators", ev.get("evaluators"))) {
                evaluators.add(string(f, "evaluation.evaluators[]", o, null));
            }
        }

        Analysis analysis = null;
        if (m.get("analysis") != null) {
            Map<String, Object> a = object(f, "analysis", m.get("analysis"));
            known(f, "analysis.", a, "task", "top", "boxplots");
            String task = string(f, "analysis.task", a.get("task"), "severity");
            if (org.covidmtl.cohort.CohortLoader.TASKS.stream().noneMatch(x -> x.name().equals(task))) {
                throw new StageException(f + " analysis.task", "unknown task " + task);
            }
            analysis = new Analysis(task, (int) integer(f, "analysis.top", a.get("top"), 24),
                    (int) integer(f, "analysis.boxplots", a.get("boxplots"), 6));
        }

        List<Run> runs = new ArrayList<>();
        List<Object> rl = list(f, "runs", m.get("runs"));
        if (rl.isEmpty()) {
            throw new StageException(f + " runs", "no runs");
        }
        java.util.Set<String> labels = new java.util.HashSet<>();
        for (int r = 0; r < rl.size(); r++) {
            String where = "runs[" + r + "]";
            Map<String, Object> run = object(f, where, rl.get(r));
            known(f, where + ".", run, "label", "model", "loss", "seeds", "parameters", "paper", "comment");
            String model = string(f, where + ".model", run.get("model"), null);
            String label = string(f, where + ".label", run.get("label"), model);
            if (!labels.add(label)) {
                throw new StageException(f + " " + where + ".label", "duplicate label " + label);
            }
            if (!label.matches("[A-Za-z0-9._-]+")) {
                throw new StageException(f + " " + where + ".label", "use letters, digits, '.', '_' or '-' only: "
                        + label);
            }
            List<String> losses = new ArrayList<>();
            Object lo = run.get("loss");
            if (lo instanceof List<?> l) {
                for (Object o : l) {
                    losses.add(string(f, where + ".loss[]", o, null));
                }
            } else if (lo != null) {
                losses.add(string(f, where + ".loss", lo, null));
            }
            List<Long> runSeeds = run.get("seeds") == null ? seeds : seeds(f, where + ".seeds", run.get("seeds"));
            Map<String, String> params = new LinkedHashMap<>();
            if (run.get("parameters") != null) {
                for (Map.Entry<String, Object> e : object(f, where + ".parameters", run.get("parameters")).entrySet()) {
                    Object v = e.getValue();
                    if (v instanceof Map || v instanceof List || v == null) {
                        throw new StageException(f + " " + where + ".parameters." + e.getKey(),
                                "must be a string, number or boolean");
                    }
                    params.put(e.getKey(), v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
                            ? Long.toString(d.longValue()) : String.valueOf(v));
                }
            }
            Map<String, Double> paper = new LinkedHashMap<>();
            if (run.get("paper") != null) {
                for (Map.Entry<String, Object> e : object(f, where + ".paper", run.get("paper")).entrySet()) {
                    if (!(e.getValue() instanceof Number n)) {
                        throw new StageException(f + " " + where + ".paper." + e.getKey(), "must be a number");
                    }
                    paper.put(e.getKey(), n.doubleValue());
                }
            }
            runs.add(new Run(label, model, losses, runSeeds, params, paper));
        }
        return new ExperimentSpec(file, name, description, new CohortSources(cohort, features, clinical, train, test),
                scaling, List.copyOf(tasks), validation, bootstrap, bootstrapSeed, List.copyOf(evaluators), analysis,
                List.copyOf(runs), (Map<String, Object>) root);
    }

    /** Every loss name the runs use (including {@code default}), in order of first use. */
    public List<String> lossNames() {
        List<String> out = new ArrayList<>();
        for (Run r : runs) {
            for (String l : r.losses()) {
                if (!out.contains(l)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** Every model name the runs use, in order of first use. */
    public List<String> modelNames() {
        List<String> out = new ArrayList<>();
        for (Run r : runs) {
            if (!out.contains(r.model())) {
                out.add(r.model());
            }
        }
        return out;
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String f, String where, Object o) {
        if (!(o instanceof Map)) {
            throw new StageException(f + " " + (where.isEmpty() ? "(top level)" : where), "must be a JSON object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(String f, String where, Object o) {
        if (!(o instanceof List)) {
            throw new StageException(f + " " + where, "must be a JSON array");
        }
        return (List<Object>) o;
    }

    private static void known(String f, String prefix, Map<String, Object> m, String... names) {
        List<String> ok = List.of(names);
        for (String k : m.keySet()) {
            if (!ok.contains(k)) {
                throw new StageException(f + " " + prefix + k, "unknown member (known: " + String.join(", ", ok) + ")");
            }
        }
    }

    private static String string(String f, String where, Object o, String fallback) {
        if (o == null) {
            if (fallback == null) {
                throw new StageException(f + " " + where, "missing");
            }
            return fallback;
        }
        if (!(o instanceof String s)) {
            throw new StageException(f + " " + where, "must be a string");
        }
        return s;
    }

    private static long integer(String f, String where, Object o, long fallback) {
        if (o == null) {
            return fallback;
        }
        if (o instanceof Long l) {
            return l;
        }
        throw new StageException(f + " " + where, "must be an integer");
    }

    private static List<Long> seeds(String f, String where, Object o) {
        List<Long> out = new ArrayList<>();
        for (Object s : list(f, where, o)) {
            if (!(s instanceof Long l)) {
                throw new StageException(f + " " + where, "seeds must be integers");
            }
            out.add(l);
        }
        if (out.isEmpty()) {
            throw new StageException(f + " " + where, "no seeds");
        }
        return List.copyOf(out);
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

    /** Expands {@code ${name}} from system properties or the environment. */
    public static String expand(String f, String where, String text) {
        Matcher mt = VAR.matcher(text);
        StringBuilder b = new StringBuilder();
        while (mt.find()) {
            String var = mt.group(1);
            String v = System.getProperty(var);
            if (v == null) {
                v = System.getenv(var.toUpperCase(Locale.ROOT).replace('.', '_'));
            }
            if (v == null) {
                throw new StageException(f + " " + where, "variable ${" + var + "} is not set (system property " + var
                        + " or environment " + var.toUpperCase(Locale.ROOT).replace('.', '_') + ")");
            }
            mt.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        mt.appendTail(b);
        return b.toString();
    }

    private static Path path(String f, String where, Object o, Path base, boolean required) {
        if (o == null) {
            if (required) {
                throw new StageException(f + " " + where, "missing");
            }
            return null;
        }
        String s = expand(f, where, string(f, where, o, null));
        Path p = Path.of(s);
        return p.isAbsolute() ? p.normalize() : base.resolve(p).normalize();
    }
}
