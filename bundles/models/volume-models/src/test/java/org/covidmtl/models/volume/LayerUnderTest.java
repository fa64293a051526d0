package org.covidmtl.models.volume;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * One layer (ours or DL4J's) as the layer tests exercise it: initialised in a minimal graph on NCDHW input
 * (input → the layer → global average → MSE output), with its gradient views, so that it can be driven alone with
 * {@code activate} and {@code backpropGradient}.
 */
final class LayerUnderTest {

    private LayerUnderTest() {
    }

    /**
     * The working layer of {@code conf} on input [N, channels, d, h, w] of {@code type}; {@code outChannels} is the
     * number of channels the layer puts out.
     */
    static Layer of(DataType type, int channels, int d, int h, int w, int outChannels,
            org.deeplearning4j.nn.conf.layers.Layer conf) {
        ComputationGraphConfiguration graphConf = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, d, h, w, channels))
                .addLayer("layer", conf, "in")
                .addLayer("avg", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "layer")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(outChannels).nOut(1)
                        .activation(Activation.IDENTITY).build(), "avg")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(graphConf);
        graph.init();
        graph.initGradientsView();
        return graph.getLayer("layer");
    }
}
