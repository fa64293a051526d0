package org.covidmtl.api.model;

import org.covidmtl.api.volume.Volume;

/**
 * A class activation map ({@link ClassActivation}).
 *
 * @param study the study's id
 * @param model the model's name and version
 * @param task the task
 * @param classIndex the class the map is for
 * @param probabilities the task's class probabilities for the study
 * @param image the volume as the model read it, in HU (offset HU for a prepared input turned back from its
 *        normalisation), on the model's input grid; its geometry places it in the study's space when the study's
 *        volume was in HU
 * @param map the activation on {@code image}'s grid, scaled to [0, 1] (0 where the class has no positive
 *        evidence; all 0 when there is none anywhere), upsampled from {@code cells}
 * @param cells the last convolutional layer's grid it was computed on, {@code {x, y, z}}
 * @param rawMax the largest activation before scaling (the logit units of the class's weighted sum)
 * @since 2.2.0
 */
public record ActivationMap(String study, String model, String task, int classIndex, double[] probabilities,
        Volume image, Volume map, int[] cells, double rawMax) {
    public ActivationMap {
        if (!java.util.Arrays.equals(image.geometry().size(), map.geometry().size())) {
            throw new IllegalArgumentException("activation map and image grids differ");
        }
        probabilities = probabilities.clone();
        cells = cells.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public int[] cells() {
        return cells.clone();
    }
}
