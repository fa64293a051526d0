package org.covidmtl.api.model;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional capability of a {@link ModelFactory}: makes a trained model from weights trained elsewhere (e.g. a
 * PyTorch {@code state_dict}). Callers test {@code factory instanceof WeightImport}.
 */
@ConsumerType
public interface WeightImport {

    /** What the weights must be, one line, e.g. {@code PyTorch state_dict, one <key>.npy per tensor}. */
    String weightFormat();

    /**
     * A trained model with the weights of {@code weights} (its schema records where they came from).
     *
     * @param settings the model's settings (tasks, architecture parameters)
     * @throws ModelArtifactException naming the file and tensor for a missing, extra or mis-shaped tensor
     */
    Model importWeights(Path weights, ModelSettings settings);
}
