package org.covidmtl.models.volume;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of {@link TorchBatchNorm}, laid out in the flattened vector as γ, β (trained), then the
 * running mean, running variance and the batch counter (state, never trained: their gradient is 0 and
 * {@link TorchSgd} skips them), each a vector of C (the counter a vector of 1).
 */
public final class TorchBatchNormParams implements ParamInitializer {

    public static final String GAMMA = "gamma";
    public static final String BETA = "beta";
    public static final String MEAN = "mean";
    public static final String VAR = "var";
    public static final String COUNT = "count";
    private static final List<String> KEYS = List.of(GAMMA, BETA, MEAN, VAR, COUNT);

    public static final TorchBatchNormParams INSTANCE = new TorchBatchNormParams();

    private TorchBatchNormParams() {
    }

    /** True for the running statistics and the counter: state, not trained parameters. */
    public static boolean isState(String paramKey) {
        return paramKey.equals(MEAN) || paramKey.equals(VAR) || paramKey.equals(COUNT);
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return 4 * ((TorchBatchNorm) layer).getNOut() + 1;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(GAMMA);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BETA);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return GAMMA.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BETA.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> m = split(conf, paramsView);
        if (initializeParams) {
            m.get(GAMMA).assign(1);
            m.get(BETA).assign(0);
            m.get(MEAN).assign(0);
            m.get(VAR).assign(1);
            m.get(COUNT).assign(0);
        }
        for (String k : KEYS) {
            conf.addVariable(k);
        }
        return m;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split(conf, gradientView);
    }

    private static Map<String, INDArray> split(NeuralNetConfiguration conf, INDArray view) {
        long c = ((TorchBatchNorm) conf.getLayer()).getNOut();
        INDArray flat = view.reshape(view.length());
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(GAMMA, flat.get(NDArrayIndex.interval(0, c)));
        m.put(BETA, flat.get(NDArrayIndex.interval(c, 2 * c)));
        m.put(MEAN, flat.get(NDArrayIndex.interval(2 * c, 3 * c)));
        m.put(VAR, flat.get(NDArrayIndex.interval(3 * c, 4 * c)));
        m.put(COUNT, flat.get(NDArrayIndex.interval(4 * c, 4 * c + 1)));
        return m;
    }
}
