package org.covidmtl.models.volume;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Settings of the COVID-MTL VOLUME_RADIO network.
 *
 * @param depth          input depth D (the reference's {@code sample_depth})
 * @param size           input height = width (the reference's {@code sample_size})
 * @param radioFeatures  length of the radiomic feature vector (375)
 * @param classes        classes per task (2, 2, 3: CT, NAT, severity)
 * @param taskWeights    fixed weights of the per-task cross-entropies in the total loss
 * @param dropout        drop probability before each head's 1×1×1 convolution (0.3; 0 = off)
 * @param shift3d        Shift3D after the stem, or null for none
 * @param seed           seed of DL4J's initialisation, the dropout masks and Shift3D
 * @param dataType       FLOAT, or DOUBLE for checks against float64 references
 */
public record VolumeRadioConfig(int depth, int size, int radioFeatures, int[] classes, double[] taskWeights,
        double dropout, Shift3DConfig shift3d, long seed, DataType dataType) {

    /** Batch-norm ε and momentum of every BatchNorm3d of the reference. */
    public static final double BN_EPS = 1e-3;
    public static final double BN_MOMENTUM = 0.01;

    public VolumeRadioConfig {
        classes = classes.clone();
        taskWeights = taskWeights.clone();
        if (classes.length != 3 || taskWeights.length != 3) {
            throw new IllegalArgumentException("VOLUME_RADIO has 3 tasks");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), is " + dropout);
        }
        if (depth < 32 || size < 32) {
            throw new IllegalArgumentException("input must be at least 32×32×32 (total stride 32), is " + depth
                    + "×" + size + "×" + size);
        }
    }

    /** The reference's model for inputs of D×S×S: 375 features, classes 2/2/3, dropout 0.3, Shift3D as the reference. */
    public static VolumeRadioConfig reference(int depth, int size) {
        return new VolumeRadioConfig(depth, size, 375, new int[] {2, 2, 3}, new double[] {1, 1, 1}, 0.3,
                Shift3DConfig.REFERENCE, 0, DataType.FLOAT);
    }

    public VolumeRadioConfig withTaskWeights(double... w) {
        return new VolumeRadioConfig(depth, size, radioFeatures, classes, w, dropout, shift3d, seed, dataType);
    }

    public VolumeRadioConfig withDropout(double p) {
        return new VolumeRadioConfig(depth, size, radioFeatures, classes, taskWeights, p, shift3d, seed, dataType);
    }

    public VolumeRadioConfig withShift3d(Shift3DConfig s) {
        return new VolumeRadioConfig(depth, size, radioFeatures, classes, taskWeights, dropout, s, seed, dataType);
    }

    public VolumeRadioConfig withDataType(DataType t) {
        return new VolumeRadioConfig(depth, size, radioFeatures, classes, taskWeights, dropout, shift3d, seed, t);
    }

    @Override
    public int[] classes() {
        return classes.clone();
    }

    @Override
    public double[] taskWeights() {
        return taskWeights.clone();
    }
}
