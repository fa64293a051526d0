package org.covidmtl.models.volume;

import java.util.Collection;
import java.util.List;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Configuration of a batch normalisation with PyTorch's {@code BatchNorm3d} semantics on 5-D NCDHW
 * activations (DL4J's own {@code BatchNormalization} refuses rank 5, and it feeds the biased batch
 * variance into its running average). Statistics per channel over (N, D, H, W);
 * training: y = γ(x − μ<sub>B</sub>)/√(σ²<sub>B,biased</sub> + ε) + β and
 * running ← (1 − m)·running + m·stat with the <b>unbiased</b> variance n/(n − 1)·σ²<sub>B</sub>;
 * inference: the running statistics. PyTorch's momentum m is DL4J's 1 − decay.
 */
public class TorchBatchNorm extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    private double eps = 1e-5;
    private double momentum = 0.1;

    public TorchBatchNorm() {
        // for DL4J's configuration cloning / JSON
    }

    public TorchBatchNorm(String name, long channels, double eps, double momentum) {
        this.layerName = name;
        this.nIn = channels;
        this.nOut = channels;
        this.eps = eps;
        this.momentum = momentum;
    }

    public double eps() {
        return eps;
    }

    public double momentum() {
        return momentum;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new TorchBatchNormLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return TorchBatchNormParams.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType instanceof InputType.InputTypeConvolutional3D c && (nIn <= 0 || override)) {
            nIn = c.getChannels();
            nOut = nIn;
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return List.of(); // weight decay is TorchSgd's business
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return TorchBatchNormParams.isState(paramName) ? new NoOp() : super.getUpdaterByParam(paramName);
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, TorchBatchNorm.class, inputType, inputType)
                .standardMemory(4 * nOut + 1, 0)
                .workingMemory(0, 0, 2 * perExample, 3 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
