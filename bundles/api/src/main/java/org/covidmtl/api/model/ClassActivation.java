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
    default ActivationMap activationMap(Study study, String task, int classIndex) {
        return activationMaps(study, java.util.Map.of(task, classIndex)).get(0);
    }

    /**
     * The activation maps of several tasks from one pass of the network.
     *
     * @param classByTask task → class ({@code -1}: the predicted class), in the order the maps are wanted
     * @return one map per entry, in its order
     * @throws org.covidmtl.api.stage.StageException naming the study when an input the model needs is missing
     * @throws IllegalArgumentException for an unknown task or class
     */
    java.util.List<ActivationMap> activationMaps(Study study, java.util.Map<String, Integer> classByTask);
}
