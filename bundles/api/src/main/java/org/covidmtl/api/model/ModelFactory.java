package org.covidmtl.api.model;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An entry of the model zoo. Registered with {@code covidmtl.stage=model} and
 * {@code covidmtl.name=<name>} (e.g. {@code fnn-mtl}, {@code random-forest}, {@code shiftnet3d}).
 */
@ConsumerType
public interface ModelFactory {

    /** What the models consume. */
    Set<ModelInput> inputs();

    /** Whether one model predicts several tasks at once (and so uses a loss strategy). */
    boolean multitask();

    /** A new, untrained model. */
    Model create(ModelSettings settings);
}
