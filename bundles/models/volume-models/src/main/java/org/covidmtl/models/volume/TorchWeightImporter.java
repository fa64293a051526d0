package org.covidmtl.models.volume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.Npy;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loads a PyTorch {@code state_dict} saved as one {@code .npy} file per key ({@code <key>.npy}, float32, C order)
 * into a graph whose vertices carry the PyTorch module paths ({@link VolumeRadioGraph}). Every tensor is checked
 * before any is written: a missing, extra or mis-shaped tensor is refused with a one-line {@link StageException}
 * naming the file and the tensor.
 * <p>
 * Layout conversions: Conv3d weight [out, in, kD, kH, kW] is DL4J's Convolution3D weight layout as it is
 * (NCDHW data format); Linear weight [out, in] is transposed to DL4J's [in, out]; biases, BatchNorm
 * weight/bias/running_mean/running_var map to b, γ, β and the running statistics of {@link TorchBatchNorm};
 * {@code num_batches_tracked} to its counter.
 */
public final class TorchWeightImporter {

    record Target(String layer, String param, long[] torchShape, boolean transpose) {
    }

    private TorchWeightImporter() {
    }

    /** Loads every tensor of {@code folder} into {@code graph}. */
    public static void load(ComputationGraph graph, Path folder) {
        Map<String, Target> expected = targets(graph);
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(p -> p.getFileName().toString().endsWith(".npy")).forEach(p -> {
                String n = p.getFileName().toString();
                files.put(n.substring(0, n.length() - 4), p);
            });
        } catch (IOException e) {
            throw new StageException(folder.toString(), "cannot list weights: " + e.getMessage(), e);
        }
        for (String key : files.keySet()) {
            if (!expected.containsKey(key)) {
                throw new StageException(files.get(key).toString(), "unexpected tensor " + key
                        + ": the network has no such parameter");
            }
        }
        for (String key : expected.keySet()) {
            if (!files.containsKey(key)) {
                throw new StageException(folder.resolve(key + ".npy").toString(), "missing tensor " + key);
            }
        }
        Map<String, INDArray> converted = new LinkedHashMap<>();
        for (Map.Entry<String, Target> e : expected.entrySet()) {
            Path file = files.get(e.getKey());
            Target t = e.getValue();
            Npy.Tensor tensor = Npy.read(file);
            long[] shape = tensor.shape();
            boolean scalar = t.torchShape().length == 0 && (shape.length == 0 || Arrays.equals(shape, new long[] {1}));
            if (!scalar && !Arrays.equals(shape, t.torchShape())) {
                throw new StageException(file.toString(), "tensor " + e.getKey() + " has shape " + Arrays.toString(shape)
                        + ", expected " + Arrays.toString(t.torchShape()));
            }
            INDArray param = graph.getLayer(t.layer()).getParam(t.param());
            INDArray value = org.nd4j.linalg.factory.Nd4j.create(tensor.data(), tensor.shape(), 'c').castTo(param.dataType());
            if (t.transpose()) {
                value = value.transpose();
            }
            converted.put(e.getKey(), value.reshape(param.shape()));
        }
        for (Map.Entry<String, Target> e : expected.entrySet()) {
            Target t = e.getValue();
            graph.getLayer(t.layer()).getParam(t.param()).assign(converted.get(e.getKey()));
        }
    }

    /**
     * Writes every parameter of {@code graph} as {@code <state_dict key>.npy} into {@code folder} (the inverse
     * of {@link #load}: PyTorch shapes and layouts, scalars as shape (1,), float32), so that {@link #load}
     * restores the graph's parameters bit for bit.
     */
    public static void save(ComputationGraph graph, Path folder) {
        for (Map.Entry<String, Target> e : targets(graph).entrySet()) {
            Target t = e.getValue();
            INDArray value = graph.getLayer(t.layer()).getParam(t.param());
            if (t.transpose()) {
                value = value.transpose();
            }
            long[] shape = t.torchShape().length == 0 ? new long[] {1} : t.torchShape();
            float[] data = value.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').reshape('c', shape)
                    .data().asFloat();
            Npy.write(folder.resolve(e.getKey() + ".npy"), shape, data);
        }
    }

    /** The state_dict key → parameter map of {@code graph}, with PyTorch shapes. */
    static Map<String, Target> targets(ComputationGraph graph) {
        Map<String, Target> m = new TreeMap<>();
        for (Layer layer : graph.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String name = conf.getLayerName();
            if (conf instanceof TorchBatchNorm bn) {
                long c = bn.getNOut();
                m.put(name + ".weight", new Target(name, TorchBatchNormParams.GAMMA, new long[] {c}, false));
                m.put(name + ".bias", new Target(name, TorchBatchNormParams.BETA, new long[] {c}, false));
                m.put(name + ".running_mean", new Target(name, TorchBatchNormParams.MEAN, new long[] {c}, false));
                m.put(name + ".running_var", new Target(name, TorchBatchNormParams.VAR, new long[] {c}, false));
                m.put(name + ".num_batches_tracked", new Target(name, TorchBatchNormParams.COUNT, new long[0], false));
            } else if (conf instanceof Convolution3D cv) {
                int[] k = cv.getKernelSize();
                m.put(name + ".weight", new Target(name, "W",
                        new long[] {cv.getNOut(), cv.getNIn(), k[0], k[1], k[2]}, false));
                if (cv.hasBias()) {
                    m.put(name + ".bias", new Target(name, "b", new long[] {cv.getNOut()}, false));
                }
            } else if (conf instanceof FeedForwardLayer ff && layer.numParams() > 0) {
                m.put(name + ".weight", new Target(name, "W", new long[] {ff.getNOut(), ff.getNIn()}, true));
                m.put(name + ".bias", new Target(name, "b", new long[] {ff.getNOut()}, false));
            } else if (layer.numParams() > 0) {
                throw new IllegalStateException("no PyTorch mapping for layer " + name + " (" + conf.getClass().getSimpleName() + ")");
            }
        }
        return m;
    }

    /** {@link #load}, its refusals as {@link ModelArtifactException}s (same message). */
    public static void loadChecked(ComputationGraph graph, Path folder) {
        try {
            load(graph, folder);
        } catch (ModelArtifactException e) {
            throw e;
        } catch (StageException e) {
            throw new ModelArtifactException(e.input(), e.problem(), e);
        }
    }

    /** SHA-256 of the {@code .npy} files of {@code folder} concatenated in file-name order. */
    public static String sha256(Path folder) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        List<Path> files;
        try (Stream<Path> st = Files.list(folder)) {
            files = st.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList();
        } catch (IOException e) {
            throw new ModelArtifactException(folder.toString(), "cannot list weights: " + e.getMessage(), e);
        }
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0;) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new ModelArtifactException(f.toString(), "cannot read: " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
