package org.covidmtl.models.volume;

import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;

/**
 * What the volume trainer needs to know about a network: whose it is, its heads, its Shift3D layer and whether it
 * reads the radiomic features besides the volume.
 *
 * @param model the model's name (in messages)
 * @param tasks the tasks, one head each, in the order of {@code outputs}
 * @param outputs each task's output vertex (a {@link TaskCrossEntropy} output layer over the logits)
 * @param shiftVertex the Shift3D layer's vertex, or null when the network has none
 * @param readsFeatures whether the graph's second input is the features ([N, F]); otherwise the volume alone
 * @param parameters every parameter of the model after defaults (the run's fingerprint; run-only ones are left out)
 */
public record TrainableNetwork(String model, List<Task> tasks, String[] outputs, String shiftVertex,
        boolean readsFeatures, Map<String, String> parameters) {
    public TrainableNetwork {
        tasks = List.copyOf(tasks);
        outputs = outputs.clone();
        parameters = Map.copyOf(parameters);
        if (outputs.length != tasks.size()) {
            throw new IllegalArgumentException(outputs.length + " outputs for " + tasks.size() + " tasks");
        }
    }

    /** Classes per task. */
    int[] classes() {
        return tasks.stream().mapToInt(Task::classes).toArray();
    }
}
