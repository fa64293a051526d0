package org.covidmtl.models.volume;

import java.util.Collection;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the Shift3D layer (a parameterless custom DL4J layer, {@link Shift3DLayer}): random
 * per-channel shifts of a 5-D NCDHW activation in training, identity in inference. A custom layer, not a
 * SameDiff layer: the shift is data movement chosen per call, its backward pass is the inverse shift, and
 * both are a few block copies, which SameDiff could neither express per call nor do faster.
 */
public class Shift3D extends NoParamLayer {

    private static final long serialVersionUID = 1L;

    private double chance;
    private double maxShiftFraction;
    private boolean padding;
    private double padValue;
    private int decayIterations;
    private ShiftDistribution distribution = ShiftDistribution.UNIFORM;
    private boolean batchShift;
    private long seed;

    public Shift3D() {
        // for DL4J's configuration cloning / JSON
    }

    public Shift3D(String name, Shift3DConfig config, long seed) {
        this.layerName = name;
        this.chance = config.chance();
        this.maxShiftFraction = config.maxShiftFraction();
        this.padding = config.padding();
        this.padValue = config.padValue();
        this.decayIterations = config.decayIterations();
        this.distribution = config.distribution();
        this.batchShift = config.batchShift();
        this.seed = seed;
    }

    public Shift3DConfig config() {
        return new Shift3DConfig(chance, maxShiftFraction, padding, padValue, decayIterations, distribution, batchShift);
    }

    public long seed() {
        return seed;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new Shift3DLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType.getType() != InputType.Type.CNN3D) {
            throw new IllegalArgumentException("Shift3D " + layerName + " needs 3-D convolutional input, got "
                    + inputType);
        }
        return inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, Shift3D.class, inputType, inputType)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
