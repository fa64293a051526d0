package org.covidmtl.api.model;

import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.stage.StageException;

/**
 * What a model is created with.
 *
 * @param tasks the tasks it must predict, in order
 * @param parameters hyper-parameters by name (a factory rejects names it does not know)
 * @param seed seed of all randomness in creation and training
 */
public record ModelSettings(List<Task> tasks, Map<String, String> parameters, long seed) {
    public ModelSettings {
        tasks = List.copyOf(tasks);
        parameters = Map.copyOf(parameters);
    }

    public String get(String name, String fallback) {
        return parameters.getOrDefault(name, fallback);
    }

    public int getInt(String name, int fallback) {
        String v = parameters.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new StageException("parameter " + name, "not an integer: " + v);
        }
    }

    public double getDouble(String name, double fallback) {
        String v = parameters.get(name);
        try {
            return v == null ? fallback : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new StageException("parameter " + name, "not a number: " + v);
        }
    }
}
