package org.covidmtl.models.features;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.stage.StageException;

/** Checks of {@link ModelSettings} shared by the factories of this bundle. */
final class Settings {
    private Settings() {
    }

    /** Rejects parameter names the model does not know, and an empty task list. */
    static void check(String model, ModelSettings settings, Set<String> known) {
        if (settings.tasks().isEmpty()) {
            throw new StageException("model " + model, "no tasks to predict");
        }
        for (String name : settings.parameters().keySet()) {
            if (!known.contains(name)) {
                throw new StageException("parameter " + name,
                        "unknown to model " + model + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** A model that trains each task on its own refuses a loss strategy. */
    static void refuseLoss(String model, ModelSettings settings) {
        if (settings.loss() != null) {
            throw new StageException("parameter loss", model + " trains each task separately and takes no loss strategy");
        }
    }

    static boolean getBoolean(ModelSettings settings, String name, boolean fallback) {
        String v = settings.parameters().get(name);
        if (v == null) {
            return fallback;
        }
        switch (v.trim().toLowerCase()) {
        case "true":
        case "yes":
        case "1":
            return true;
        case "false":
        case "no":
        case "0":
            return false;
        default:
            throw new StageException("parameter " + name, "not a boolean: " + v);
        }
    }

    static int positiveInt(ModelSettings settings, String name, int fallback) {
        int v = settings.getInt(name, fallback);
        if (v < 1) {
            throw new StageException("parameter " + name, "must be at least 1, is " + v);
        }
        return v;
    }

    static double nonNegative(ModelSettings settings, String name, double fallback) {
        double v = settings.getDouble(name, fallback);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new StageException("parameter " + name, "must be a finite number >= 0, is " + v);
        }
        return v;
    }

    static int threads(ModelSettings settings) {
        int v = settings.getInt("threads", 0);
        if (v < 0) {
            throw new StageException("parameter threads", "must be >= 0 (0 = all processors), is " + v);
        }
        return v == 0 ? Runtime.getRuntime().availableProcessors() : v;
    }

    static String taskNames(List<Task> tasks) {
        StringBuilder b = new StringBuilder();
        for (Task t : tasks) {
            b.append(b.length() == 0 ? "" : ", ").append(t.name());
        }
        return b.toString();
    }
}
