package org.covidmtl.models.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.StageException;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The parameters of {@code covid-mtl}, checked and with their defaults filled in. Every parameter is a string in
 * {@link ModelSettings#parameters()}:
 * <ul>
 * <li>{@code variant}: {@code volume-radio} (the only one built: CT volume + radiomic features)</li>
 * <li>{@code depth} (200), {@code size} (250): the input crop depth × size × size at 1 mm</li>
 * <li>{@code radio-features} (375): length of the radiomic feature vector</li>
 * <li>{@code dropout} (0.3): drop probability before each head</li>
 * <li>{@code feature-names}: a text file with the radiomic feature names, one per line (or comma-separated;
 *     blank lines and lines starting with {@code #} skipped); without it the features are named
 *     {@code radio_0 … radio_<n−1>}</li>
 * <li>Shift3D (training only): {@code shift3d} (true), {@code shift-chance} (0.25), {@code shift-max-fraction}
 *     (0.2), {@code shift-padding} (false), {@code shift-pad-value} (0), {@code shift-decay-iterations} (0),
 *     {@code shift-distribution} ({@code uniform} | {@code gaussian}), {@code shift-batch} (false)</li>
 * <li>training on volumes ({@link TrainingSettings}, {@link VolumeTrainer}): {@code epochs} (80), {@code batch-size}
 *     (10), {@code learning-rate} (0.005), {@code min-learning-rate} (5e-5), {@code momentum} (0.9, Nesterov),
 *     {@code weight-decay} (5e-5), {@code noise-probability} (0.2), {@code augment} (true), {@code crop-margin}
 *     (140), {@code checkpoints} (a folder; none by default), {@code resume} (false; needs {@code checkpoints}),
 *     {@code threads} (ND4J's maximum threads; ND4J's own setting by default)</li>
 * </ul>
 */
public final class CovidMtlSettings {

    static final String VARIANT = "variant";
    static final String DEPTH = "depth";
    static final String SIZE = "size";
    static final String RADIO_FEATURES = "radio-features";
    static final String DROPOUT = "dropout";
    static final String FEATURE_NAMES = "feature-names";
    static final String SHIFT3D = "shift3d";
    static final String SHIFT_CHANCE = "shift-chance";
    static final String SHIFT_MAX_FRACTION = "shift-max-fraction";
    static final String SHIFT_PADDING = "shift-padding";
    static final String SHIFT_PAD_VALUE = "shift-pad-value";
    static final String SHIFT_DECAY = "shift-decay-iterations";
    static final String SHIFT_DISTRIBUTION = "shift-distribution";
    static final String SHIFT_BATCH = "shift-batch";

    static final String EPOCHS = "epochs";
    static final String BATCH_SIZE = "batch-size";
    static final String LEARNING_RATE = "learning-rate";
    static final String MIN_LEARNING_RATE = "min-learning-rate";
    static final String MOMENTUM = "momentum";
    static final String WEIGHT_DECAY = "weight-decay";
    static final String NOISE_PROBABILITY = "noise-probability";
    static final String AUGMENT = "augment";
    static final String CROP_MARGIN = "crop-margin";
    static final String CHECKPOINTS = "checkpoints";
    static final String RESUME = "resume";
    static final String THREADS = "threads";
    /** Parameters that change where or how fast a run goes, not what it computes (left out of a checkpoint's check). */
    static final Set<String> RUN_ONLY = Set.of(CHECKPOINTS, RESUME, THREADS);
    /** The training parameters ({@link #trainingSettings}), shared with the zoo's models. */
    public static final Set<String> TRAINING_KEYS = Set.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, MIN_LEARNING_RATE,
            MOMENTUM, WEIGHT_DECAY, NOISE_PROBABILITY, AUGMENT, CROP_MARGIN, CHECKPOINTS, RESUME, THREADS);
    /** What fixes the network's shape and inputs (a transferred model keeps its source's). */
    static final List<String> ARCHITECTURE = List.of(VARIANT, DEPTH, SIZE, RADIO_FEATURES, FEATURE_NAMES);

    static final String VOLUME_RADIO = "volume-radio";
    /** Variants of the reference; only {@link #VOLUME_RADIO} is built. */
    static final List<String> BUILT_VARIANTS = List.of(VOLUME_RADIO);

    static final Set<String> KNOWN = Set.of(VARIANT, DEPTH, SIZE, RADIO_FEATURES, DROPOUT, FEATURE_NAMES, SHIFT3D,
            SHIFT_CHANCE, SHIFT_MAX_FRACTION, SHIFT_PADDING, SHIFT_PAD_VALUE, SHIFT_DECAY, SHIFT_DISTRIBUTION,
            SHIFT_BATCH, EPOCHS, BATCH_SIZE, LEARNING_RATE, MIN_LEARNING_RATE, MOMENTUM, WEIGHT_DECAY,
            NOISE_PROBABILITY, AUGMENT, CROP_MARGIN, CHECKPOINTS, RESUME, THREADS);

    /** The tasks of the paper, in the order of the network's heads. */
    static final List<Task> TASKS = List.of(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY);

    private final VolumeRadioConfig config;
    private final TrainingSettings training;
    private final Map<String, String> parameters;
    private final String featureNamesFile;

    private CovidMtlSettings(VolumeRadioConfig config, TrainingSettings training, Map<String, String> parameters,
            String featureNamesFile) {
        this.config = config;
        this.training = training;
        this.parameters = parameters;
        this.featureNamesFile = featureNamesFile;
    }

    /**
     * Checks the tasks and parameters.
     *
     * @throws StageException naming the parameter (or the tasks) and what is wrong
     */
    static CovidMtlSettings of(ModelSettings settings) {
        checkTasks(settings.tasks());
        Map<String, String> p = settings.parameters();
        List<String> unknown = new ArrayList<>();
        for (String name : new TreeSet<>(p.keySet())) {
            if (!KNOWN.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new StageException("parameter " + String.join(", ", unknown), "unknown to model "
                    + CovidMtlFactory.NAME + " (known: " + String.join(", ", new TreeSet<>(KNOWN)) + ")");
        }
        String variant = p.getOrDefault(VARIANT, VOLUME_RADIO).trim().toLowerCase(Locale.ROOT);
        if (!BUILT_VARIANTS.contains(variant)) {
            throw new StageException("parameter " + VARIANT, "variant " + variant + " is not built; "
                    + CovidMtlFactory.NAME + " has: " + String.join(", ", BUILT_VARIANTS));
        }
        int depth = atLeast(settings, DEPTH, 200, 32);
        int size = atLeast(settings, SIZE, 250, 32);
        int radio = atLeast(settings, RADIO_FEATURES, 375, 1);
        double dropout = settings.getDouble(DROPOUT, 0.3);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new StageException("parameter " + DROPOUT, "must be in [0, 1), is " + p.get(DROPOUT));
        }
        Shift3DConfig shift = null;
        if (bool(settings, SHIFT3D, true)) {
            double chance = settings.getDouble(SHIFT_CHANCE, Shift3DConfig.REFERENCE.chance());
            double frac = settings.getDouble(SHIFT_MAX_FRACTION, Shift3DConfig.REFERENCE.maxShiftFraction());
            int decay = settings.getInt(SHIFT_DECAY, 0);
            String dist = p.getOrDefault(SHIFT_DISTRIBUTION, "uniform").trim().toUpperCase(Locale.ROOT);
            ShiftDistribution distribution;
            try {
                distribution = ShiftDistribution.valueOf(dist);
            } catch (IllegalArgumentException e) {
                throw new StageException("parameter " + SHIFT_DISTRIBUTION, "must be uniform or gaussian, is "
                        + p.get(SHIFT_DISTRIBUTION));
            }
            try {
                shift = new Shift3DConfig(chance, frac, bool(settings, SHIFT_PADDING, false),
                        settings.getDouble(SHIFT_PAD_VALUE, 0), decay, distribution, bool(settings, SHIFT_BATCH, false));
            } catch (IllegalArgumentException e) {
                throw new StageException("parameter shift3d", e.getMessage());
            }
        }
        TrainingSettings training = trainingSettings(settings);
        VolumeRadioConfig config = new VolumeRadioConfig(depth, size, radio, new int[] {2, 2, 3},
                new double[] {1, 1, 1}, dropout, shift, settings.seed(), DataType.FLOAT);

        Map<String, String> all = new LinkedHashMap<>();
        all.put(VARIANT, variant);
        all.put(DEPTH, Integer.toString(depth));
        all.put(SIZE, Integer.toString(size));
        all.put(RADIO_FEATURES, Integer.toString(radio));
        all.put(DROPOUT, Double.toString(dropout));
        all.put(SHIFT3D, Boolean.toString(shift != null));
        if (shift != null) {
            all.put(SHIFT_CHANCE, Double.toString(shift.chance()));
            all.put(SHIFT_MAX_FRACTION, Double.toString(shift.maxShiftFraction()));
            all.put(SHIFT_PADDING, Boolean.toString(shift.padding()));
            all.put(SHIFT_PAD_VALUE, Double.toString(shift.padValue()));
            all.put(SHIFT_DECAY, Integer.toString(shift.decayIterations()));
            all.put(SHIFT_DISTRIBUTION, shift.distribution().name().toLowerCase(Locale.ROOT));
            all.put(SHIFT_BATCH, Boolean.toString(shift.batchShift()));
        }
        String names = p.get(FEATURE_NAMES);
        if (names != null) {
            all.put(FEATURE_NAMES, names);
        }
        putTraining(all, training);
        return new CovidMtlSettings(config, training, all, names);
    }

    /** Records the training parameters after defaults in {@code all} (an artifact's parameters). */
    public static void putTraining(Map<String, String> all, TrainingSettings training) {
        all.put(EPOCHS, Integer.toString(training.epochs()));
        all.put(BATCH_SIZE, Integer.toString(training.batchSize()));
        all.put(LEARNING_RATE, Double.toString(training.learningRate()));
        all.put(MIN_LEARNING_RATE, Double.toString(training.minLearningRate()));
        all.put(MOMENTUM, Double.toString(training.momentum()));
        all.put(WEIGHT_DECAY, Double.toString(training.weightDecay()));
        all.put(NOISE_PROBABILITY, Double.toString(training.noiseProbability()));
        all.put(AUGMENT, Boolean.toString(training.augment()));
        all.put(CROP_MARGIN, Integer.toString(training.cropMargin()));
        if (training.checkpoints() != null) {
            all.put(CHECKPOINTS, training.checkpoints());
        }
        all.put(RESUME, Boolean.toString(training.resume()));
        if (training.threads() > 0) {
            all.put(THREADS, Integer.toString(training.threads()));
        }
    }

    /**
     * The training parameters of {@code s} (defaults: the paper's set-up), checked.
     *
     * @throws StageException naming the parameter and what is wrong
     */
    public static TrainingSettings trainingSettings(ModelSettings s) {
        int epochs = atLeast(s, EPOCHS, 80, 1);
        int batch = atLeast(s, BATCH_SIZE, 10, 1);
        double lr = s.getDouble(LEARNING_RATE, 0.005);
        if (!(lr > 0 && Double.isFinite(lr))) {
            throw new StageException("parameter " + LEARNING_RATE, "must be a number > 0, is "
                    + s.parameters().get(LEARNING_RATE));
        }
        double min = s.getDouble(MIN_LEARNING_RATE, Math.min(5e-5, lr));
        if (!(min >= 0 && min <= lr)) {
            throw new StageException("parameter " + MIN_LEARNING_RATE, "must be in [0, " + LEARNING_RATE + " = " + lr
                    + "], is " + s.parameters().get(MIN_LEARNING_RATE));
        }
        double momentum = s.getDouble(MOMENTUM, 0.9);
        if (!(momentum > 0 && momentum < 1)) {
            throw new StageException("parameter " + MOMENTUM, "must be in (0, 1) (Nesterov needs a momentum), is "
                    + s.parameters().get(MOMENTUM));
        }
        double wd = s.getDouble(WEIGHT_DECAY, 5e-5);
        if (!(wd >= 0 && Double.isFinite(wd))) {
            throw new StageException("parameter " + WEIGHT_DECAY, "must be a number >= 0, is "
                    + s.parameters().get(WEIGHT_DECAY));
        }
        double noise = s.getDouble(NOISE_PROBABILITY, 0.2);
        if (!(noise >= 0 && noise <= 1)) {
            throw new StageException("parameter " + NOISE_PROBABILITY, "must be in [0, 1], is "
                    + s.parameters().get(NOISE_PROBABILITY));
        }
        boolean augment = bool(s, AUGMENT, true);
        int margin = s.getInt(CROP_MARGIN, TrainingSettings.REFERENCE_MARGIN);
        if (margin < 0 || margin % 2 != 0) {
            throw new StageException("parameter " + CROP_MARGIN, "must be an even number >= 0, is " + margin);
        }
        String checkpoints = s.parameters().get(CHECKPOINTS);
        if (checkpoints != null && checkpoints.isBlank()) {
            throw new StageException("parameter " + CHECKPOINTS, "is empty (a folder, or leave it out for none)");
        }
        boolean resume = bool(s, RESUME, false);
        if (resume && checkpoints == null) {
            throw new StageException("parameter " + RESUME, "needs the parameter " + CHECKPOINTS
                    + " (the folder to resume from)");
        }
        int threads = 0;
        if (s.parameters().containsKey(THREADS)) {
            threads = atLeast(s, THREADS, 0, 1);
        }
        return new TrainingSettings(epochs, batch, lr, min, momentum, wd, noise, augment, margin,
                checkpoints == null ? null : checkpoints.strip(), resume, threads);
    }

    static void checkTasks(List<Task> tasks) {
        boolean ok = tasks.size() == TASKS.size();
        for (int k = 0; ok && k < TASKS.size(); k++) {
            ok = tasks.get(k).name().equals(TASKS.get(k).name()) && tasks.get(k).classes() == TASKS.get(k).classes();
        }
        if (!ok) {
            throw new StageException("tasks " + describe(tasks), "model " + CovidMtlFactory.NAME
                    + " predicts the paper's tasks " + describe(TASKS) + ", in this order");
        }
    }

    static String describe(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        for (Task t : tasks) {
            b.append(b.length() == 0 ? "" : ", ").append(t.name()).append(" (").append(t.classes()).append(" classes)");
        }
        return b.toString();
    }

    VolumeRadioConfig config() {
        return config;
    }

    TrainingSettings training() {
        return training;
    }

    /** Every parameter after defaults, as recorded in an artifact. */
    Map<String, String> parameters() {
        return parameters;
    }

    /** The paper's volume input at this depth and size. */
    VolumeSchema volumeSchema() {
        return VolumeSchema.paper(config.depth(), config.size(), config.size());
    }

    /** The feature names: from {@code feature-names}, or {@code radio_0 … radio_<n−1>}. */
    List<String> featureNames() {
        int n = config.radioFeatures();
        if (featureNamesFile == null) {
            List<String> names = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                names.add("radio_" + i);
            }
            return names;
        }
        Path file = Path.of(featureNamesFile);
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                for (String part : t.split(",")) {
                    String name = part.strip();
                    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                        name = name.substring(1, name.length() - 1);
                    }
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new StageException(file.toString(), "cannot read the feature names (parameter " + FEATURE_NAMES
                    + "): " + e.getMessage(), e);
        }
        if (names.size() != n) {
            throw new StageException(file.toString(), names.size() + " feature names, the network reads " + n
                    + " (parameter " + RADIO_FEATURES + ")");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new StageException(file.toString(), "feature name " + name + " appears twice");
            }
        }
        return names;
    }

    private static int atLeast(ModelSettings s, String name, int fallback, int min) {
        int v = s.getInt(name, fallback);
        if (v < min) {
            throw new StageException("parameter " + name, "must be at least " + min + ", is " + v);
        }
        return v;
    }

    private static boolean bool(ModelSettings s, String name, boolean fallback) {
        String v = s.parameters().get(name);
        if (v == null) {
            return fallback;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1":
            return true;
        case "false", "no", "0":
            return false;
        default:
            throw new StageException("parameter " + name, "not a boolean: " + v);
        }
    }
}
