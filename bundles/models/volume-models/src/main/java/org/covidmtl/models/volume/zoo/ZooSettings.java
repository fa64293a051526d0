package org.covidmtl.models.volume.zoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.models.volume.CovidMtlSettings;
import org.covidmtl.models.volume.TrainingSettings;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.volume.Shift3DConfig;
import org.covidmtl.models.volume.ShiftDistribution;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The parameters of a zoo entry, checked, with their defaults filled in (all strings in
 * {@link ModelSettings#parameters()}):
 * <ul>
 * <li>{@code depth} (200), {@code size} (250): the input crop depth × size × size at 1 mm (the reference's);
 *     {@code height}, {@code width} override {@code size} per axis</li>
 * <li>{@code dropout} (0.3): drop probability before the classifier convolution(s) (SqueezeNet3D family)</li>
 * <li>Shift3D (training only; not for {@code decovnet}): {@code shift3d} (on for {@code shiftnet3d} and the
 *     COVID-MTL variants, off otherwise), {@code shift-chance} (0.25), {@code shift-max-fraction} (0.2),
 *     {@code shift-padding} (false), {@code shift-pad-value} (0), {@code shift-decay-iterations} (0),
 *     {@code shift-distribution} ({@code uniform} | {@code gaussian}), {@code shift-batch} (false)</li>
 * </ul>
 * Tasks: a single-task entry takes exactly one task (its classes from the task); a COVID-MTL variant takes its
 * fixed tasks in order.
 */
final class ZooSettings {

    static final String DEPTH = "depth";
    static final String SIZE = "size";
    static final String HEIGHT = "height";
    static final String WIDTH = "width";
    static final String DROPOUT = "dropout";
    static final String SHIFT3D = "shift3d";
    static final String SHIFT_CHANCE = "shift-chance";
    static final String SHIFT_MAX_FRACTION = "shift-max-fraction";
    static final String SHIFT_PADDING = "shift-padding";
    static final String SHIFT_PAD_VALUE = "shift-pad-value";
    static final String SHIFT_DECAY = "shift-decay-iterations";
    static final String SHIFT_DISTRIBUTION = "shift-distribution";
    static final String SHIFT_BATCH = "shift-batch";

    private static final Set<String> SHIFT_KEYS = Set.of(SHIFT3D, SHIFT_CHANCE, SHIFT_MAX_FRACTION, SHIFT_PADDING,
            SHIFT_PAD_VALUE, SHIFT_DECAY, SHIFT_DISTRIBUTION, SHIFT_BATCH);
    private static final Set<String> BASE_KEYS = Set.of(DEPTH, SIZE, HEIGHT, WIDTH, DROPOUT);

    /** The reference's input crop. */
    static final int DEFAULT_DEPTH = 200;
    static final int DEFAULT_SIZE = 250;

    private final ZooConfig config;
    private final List<Task> tasks;
    private final Map<String, String> parameters;
    private final TrainingSettings training;

    private ZooSettings(ZooConfig config, List<Task> tasks, Map<String, String> parameters,
            TrainingSettings training) {
        this.config = config;
        this.tasks = tasks;
        this.parameters = parameters;
        this.training = training;
    }

    static Set<String> known(Architecture a) {
        Set<String> k = new TreeSet<>(BASE_KEYS);
        k.addAll(CovidMtlSettings.TRAINING_KEYS);
        if (a.canShift()) {
            k.addAll(SHIFT_KEYS);
        }
        return k;
    }

    /**
     * Checks the tasks and parameters for {@code a}.
     *
     * @throws StageException naming the parameter (or the tasks) and what is wrong
     */
    static ZooSettings of(Architecture a, ModelSettings settings) {
        List<Task> tasks = checkTasks(a, settings.tasks());
        Map<String, String> p = settings.parameters();
        Set<String> known = known(a);
        List<String> unknown = new ArrayList<>();
        for (String name : new TreeSet<>(p.keySet())) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new StageException("parameter " + String.join(", ", unknown), "unknown to model " + a.zooName()
                    + " (known: " + String.join(", ", known) + ")");
        }
        int min = a.minInput();
        int depth = atLeast(settings, DEPTH, DEFAULT_DEPTH, min);
        int size = atLeast(settings, SIZE, DEFAULT_SIZE, min);
        int height = atLeast(settings, HEIGHT, size, min);
        int width = atLeast(settings, WIDTH, size, min);
        double dropout = settings.getDouble(DROPOUT, 0.3);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new StageException("parameter " + DROPOUT, "must be in [0, 1), is " + p.get(DROPOUT));
        }
        Shift3DConfig shift = null;
        if (a.canShift() && bool(settings, SHIFT3D, a.shiftByDefault())) {
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
                throw new StageException("parameter " + SHIFT3D, e.getMessage());
            }
        }
        int[] classes = tasks.stream().mapToInt(Task::classes).toArray();
        ZooConfig config = new ZooConfig(a, depth, height, width, classes, dropout, shift, settings.seed(),
                DataType.FLOAT);

        Map<String, String> all = new LinkedHashMap<>();
        all.put(DEPTH, Integer.toString(depth));
        all.put(HEIGHT, Integer.toString(height));
        all.put(WIDTH, Integer.toString(width));
        all.put(DROPOUT, Double.toString(dropout));
        if (a.canShift()) {
            all.put(SHIFT3D, Boolean.toString(shift != null));
        }
        if (shift != null) {
            all.put(SHIFT_CHANCE, Double.toString(shift.chance()));
            all.put(SHIFT_MAX_FRACTION, Double.toString(shift.maxShiftFraction()));
            all.put(SHIFT_PADDING, Boolean.toString(shift.padding()));
            all.put(SHIFT_PAD_VALUE, Double.toString(shift.padValue()));
            all.put(SHIFT_DECAY, Integer.toString(shift.decayIterations()));
            all.put(SHIFT_DISTRIBUTION, shift.distribution().name().toLowerCase(Locale.ROOT));
            all.put(SHIFT_BATCH, Boolean.toString(shift.batchShift()));
        }
        TrainingSettings training = CovidMtlSettings.trainingSettings(settings);
        CovidMtlSettings.putTraining(all, training);
        return new ZooSettings(config, tasks, all, training);
    }

    static List<Task> checkTasks(Architecture a, List<Task> tasks) {
        if (!a.multitask()) {
            if (tasks.size() != 1) {
                throw new StageException("tasks " + describe(tasks), "model " + a.zooName()
                        + " is single-task: give exactly one task");
            }
            return List.copyOf(tasks);
        }
        List<Task> fixed = a.fixedTasks();
        boolean ok = tasks.size() == fixed.size();
        for (int k = 0; ok && k < fixed.size(); k++) {
            ok = tasks.get(k).name().equals(fixed.get(k).name()) && tasks.get(k).classes() == fixed.get(k).classes();
        }
        if (!ok) {
            throw new StageException("tasks " + describe(tasks), "model " + a.zooName() + " predicts "
                    + describe(fixed) + ", in this order");
        }
        return List.copyOf(tasks);
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

    ZooConfig config() {
        return config;
    }

    List<Task> tasks() {
        return tasks;
    }

    /** How the model trains on volumes (the paper's set-up by default, as covid-mtl). */
    TrainingSettings training() {
        return training;
    }

    /** Every parameter after defaults, as recorded in an artifact. */
    Map<String, String> parameters() {
        return parameters;
    }

    /** The paper's volume input at this depth × height × width. */
    VolumeSchema volumeSchema() {
        return VolumeSchema.paper(config.depth(), config.height(), config.width());
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
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new StageException("parameter " + name, "must be true or false, is " + v);
        };
    }
}
