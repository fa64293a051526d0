package org.covidmtl.models.volume;

import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Shift3D layer at work: in training each forward pass draws a plan ({@link Shift3DSampler}) and
 * applies it to a copy of the input ({@link Shift3DOp}; never in place), the backward pass applies the
 * inverse plan to the gradient. In inference it passes the input through.
 */
public class Shift3DLayer extends AbstractLayer<Shift3D> {

    private static final long serialVersionUID = 1L;

    private final transient Shift3DSampler sampler;
    private transient List<ChannelShift> lastPlan = List.of();

    public Shift3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        Shift3D c = (Shift3D) conf.getLayer();
        this.sampler = new Shift3DSampler(c.config(), ShiftRandom.seeded(c.seed()));
    }

    public Shift3DSampler sampler() {
        return sampler;
    }

    /** The shifts of the last training forward pass (empty when none fired). */
    public List<ChannelShift> lastPlan() {
        return lastPlan;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        lastPlan = training ? sampler.draw(input.shape()) : List.of();
        if (lastPlan.isEmpty()) {
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
        }
        INDArray out = workspaceMgr.dup(ArrayType.ACTIVATIONS, input, 'c');
        Shift3DConfig c = sampler.config();
        Shift3DOp.apply(input, out, lastPlan, c.padding(), c.padValue());
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Gradient none = new DefaultGradient();
        if (lastPlan.isEmpty()) {
            return new Pair<>(none, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, epsilon));
        }
        INDArray out = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon, 'c');
        Shift3DOp.backward(epsilon, out, lastPlan, sampler.config().padding());
        return new Pair<>(none, out);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters
    }
}
