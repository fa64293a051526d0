package org.covidmtl.api.model;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional capability of a trained {@link Model}: transfer learning (COVID-MTL paper, section 5.4). Makes a new,
 * untrained model that starts from this model's weights, with new (re-initialised) heads for some tasks and,
 * optionally, everything else frozen; it is then trained like a new model (e.g. {@link StudyTraining}), typically
 * on another cohort with labels for those tasks only. Callers test {@code model instanceof TransferLearning}.
 *
 * @since 2.2.0
 */
@ConsumerType
public interface TransferLearning {

    /**
     * @param settings the new model's settings (seed, training parameters, loss); its tasks are this model's
     * @param newHeads the tasks whose heads are re-initialised and trained; not empty
     * @param freeze whether every parameter outside those heads stays as it is (trunk, feature branch, batch
     *        normalisation statistics); false fine-tunes everything
     * @throws IllegalArgumentException for a task the model does not have
     */
    Model transfer(ModelSettings settings, Set<String> newHeads, boolean freeze);
}
