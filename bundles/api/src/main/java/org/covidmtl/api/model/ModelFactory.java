package org.covidmtl.api.model;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An entry of the model zoo. Registered with {@code covidmtl.stage=model}, {@code covidmtl.name=<name>} (e.g.
 * {@code fnn-mtl}, {@code random-forest}, {@code covid-mtl}) and {@code covidmtl.model=<name>}; the name equals
 * {@link ModelDescriptor#name()}.
 */
@ConsumerType
public interface ModelFactory {

    /** What the factory makes: name, version, inputs, whether its models are multitask. */
    ModelDescriptor descriptor();

    /**
     * A new, untrained model.
     *
     * @throws org.covidmtl.api.stage.StageException for an unknown or invalid parameter, or a loss strategy given
     *         to a model that does not use one
     */
    Model create(ModelSettings settings);

    /**
     * A trained model from an artifact folder written by {@link Model#save(Path)} of a model of this factory.
     *
     * @throws ModelArtifactException when the folder is not an artifact, was written by another factory or an
     *         incompatible version, or a file of it is missing or damaged; the message names the file and the
     *         difference
     */
    Model load(Path artifact);
}
