package org.covidmtl.models.volume.zoo;

import org.covidmtl.models.volume.Shift3DConfig;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a zoo graph is built from.
 *
 * @param architecture the network
 * @param depth        input depth D
 * @param height       input height H
 * @param width        input width W
 * @param classes      classes per head (one entry for a single-task network)
 * @param dropout      drop probability before the classifier convolution(s) (SqueezeNet3D family: 0.3; ignored by
 *                     ResNet3D, whose reference has none, and DeCoVNet, whose {@code Dropout3d} has p = 0)
 * @param shift3d      Shift3D after the stem, or null for none
 * @param seed         seed of the initialisation, dropout masks and Shift3D
 * @param dataType     FLOAT, or DOUBLE for exact checks
 */
public record ZooConfig(Architecture architecture, int depth, int height, int width, int[] classes, double dropout,
        Shift3DConfig shift3d, long seed, DataType dataType) {

    public ZooConfig {
        classes = classes.clone();
        int heads = architecture.multitask() ? architecture.fixedTasks().size() : 1;
        if (classes.length != heads) {
            throw new IllegalArgumentException(architecture.zooName() + " has " + heads + " head(s), got "
                    + classes.length + " class counts");
        }
        for (int c : classes) {
            if (c < 2) {
                throw new IllegalArgumentException("a head needs at least 2 classes, got " + c);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), is " + dropout);
        }
        int min = architecture.minInput();
        if (depth < min || height < min || width < min) {
            throw new IllegalArgumentException(architecture.zooName() + " needs inputs of at least " + min + " per"
                    + " axis, got " + depth + "×" + height + "×" + width);
        }
        if (shift3d != null && !architecture.canShift()) {
            throw new IllegalArgumentException(architecture.zooName() + " has no Shift3D position");
        }
    }

    /** Defaults of the reference for {@code architecture} at D×H×W: classes 2 (or the fixed tasks'), float. */
    public static ZooConfig of(Architecture architecture, int depth, int height, int width) {
        int[] classes = architecture.multitask()
                ? architecture.fixedTasks().stream().mapToInt(t -> t.classes()).toArray() : new int[] {2};
        return new ZooConfig(architecture, depth, height, width, classes, 0.3,
                architecture.shiftByDefault() ? Shift3DConfig.REFERENCE : null, 0, DataType.FLOAT);
    }

    @Override
    public int[] classes() {
        return classes.clone();
    }

    public ZooConfig withClasses(int... c) {
        return new ZooConfig(architecture, depth, height, width, c, dropout, shift3d, seed, dataType);
    }

    public ZooConfig withDropout(double p) {
        return new ZooConfig(architecture, depth, height, width, classes, p, shift3d, seed, dataType);
    }

    public ZooConfig withShift3d(Shift3DConfig s) {
        return new ZooConfig(architecture, depth, height, width, classes, dropout, s, seed, dataType);
    }

    public ZooConfig withSeed(long s) {
        return new ZooConfig(architecture, depth, height, width, classes, dropout, shift3d, s, dataType);
    }

    public ZooConfig withDataType(DataType t) {
        return new ZooConfig(architecture, depth, height, width, classes, dropout, shift3d, seed, t);
    }
}
