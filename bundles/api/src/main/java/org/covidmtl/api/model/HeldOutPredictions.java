package org.covidmtl.api.model;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional capability of a trained {@link Model}: predictions of studies made by the model without having trained
 * on them (out-of-bag for a bagged ensemble, or a validation split), with their true labels, kept in the artifact.
 * They let a caller calibrate the model's probabilities and build conformal prediction sets for a new study.
 * Callers test {@code model instanceof HeldOutPredictions}.
 *
 * @since 2.2.0
 */
@ConsumerType
public interface HeldOutPredictions {

    /** The held-out predictions, or {@code null} when the model has none (e.g. trained without a held-out set). */
    HeldOut heldOut();
}
