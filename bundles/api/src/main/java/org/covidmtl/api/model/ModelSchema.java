package org.covidmtl.api.model;

import java.util.List;

import org.covidmtl.api.cohort.Task;

/**
 * What a trained model consumes and predicts; stored in its artifact and checked when it is loaded and asked for
 * a prediction.
 *
 * @param model the factory's name
 * @param version the factory's version that trained (or imported) the model
 * @param tasks the predicted tasks, in order
 * @param features the feature columns it reads, by name, in order (empty when it reads none)
 * @param attributes the clinical attributes it reads, by name, in order (empty when it reads none)
 * @param volume the volume input, or {@code null} when it reads no volume
 */
public record ModelSchema(String model, String version, List<Task> tasks, List<String> features,
        List<String> attributes, VolumeSchema volume) {
    public ModelSchema {
        tasks = List.copyOf(tasks);
        features = List.copyOf(features);
        attributes = List.copyOf(attributes);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("model " + model + " predicts no task");
        }
    }

    /** The task with this name. */
    public Task task(String name) {
        for (Task t : tasks) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("model " + model + " has no task " + name);
    }
}
