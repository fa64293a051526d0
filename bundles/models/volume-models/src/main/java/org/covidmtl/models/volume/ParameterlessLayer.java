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
 * The configuration side of a parameterless layer of ours ({@link MaxPool3D}, the zoo's adaptive pooling): DL4J's
 * {@code instantiate} wiring, no parameters, no preprocessor, a memory report of one output array; the subclass
 * names its layer ({@link #create}) and its output type. Equal when of the same class and name (a subclass with
 * settings of its own compares them too).
 */
public abstract class ParameterlessLayer extends NoParamLayer {

    private static final long serialVersionUID = 1L;

    protected ParameterlessLayer() {
        // for DL4J's configuration cloning / JSON
    }

    protected ParameterlessLayer(String name) {
        this.layerName = name;
    }

    /** The working layer for this configuration. */
    protected abstract org.deeplearning4j.nn.api.Layer create(NeuralNetConfiguration conf, DataType networkDataType);

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        org.deeplearning4j.nn.api.Layer layer = create(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, out.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && java.util.Objects.equals(((ParameterlessLayer) o).layerName, layerName);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(getClass().getName(), layerName);
    }
}
