package org.covidmtl.api.model;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional capability of a trained {@link Model} that reads volumes: class activation maps (CAM; Zhou et al.,
 * CVPR 2016; COVID-MTL paper Fig. 7) from the model's last convolutional layer, i.e. where in the volume the
 * evidence for a class lies. Callers test {@code model instanceof ClassActivation}.
 *
 * @since 2.2.0
 */
@ConsumerType
public interface ClassActivation {

    /**
     * The activation map of one class of one task for one study, on the grid of the volume the model read.
     *
     * @param task a task of {@link Model#schema()}
     * @param classIndex the class, or {@code -1} for the class the model predicts
     * @throws org.covidmtl.api.stage.StageException naming the study when an input the model needs is missing
     * @throws IllegalArgumentException for an unknown task or class
     */
    ActivationMap activationMap(Study study, String task, int classIndex);
}
