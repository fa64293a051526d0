import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.covidmtl.models.volume.TorchSgd;
import org.covidmtl.models.volume.VolumeRadioConfig;
import org.covidmtl.models.volume.VolumeRadioNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a VOLUME_RADIO training step spends its time, layer by layer: after 6 training steps, every vertex in
 * topological order runs its training forward pass and its backward pass (a random gradient of the output's shape)
 * on the activations of one training forward pass, 12 times inside one pre-sized workspace; the fastest forward and
 * the fastest backward of the 12 are printed, then the sums per layer type. Isolated layers: no DL4J graph
 * bookkeeping, no optimiser, caches warm; the heads' convolutions (dropout on an activation DL4J keeps in its own
 * workspace) are skipped.
 * <p>
 * Run from the repository root with the class path run.sh builds (bench/deep-learning/classpath.sh), e.g.
 * {@code OMP_NUM_THREADS=2 java -Xmx8g -cp "$CP" bench/deep-learning/LayerTimes.java 64 80 2} (depth, size, batch).
 */
public class LayerTimes {

    public static void main(String[] a) {
        int depth = Integer.parseInt(a[0]);
        int size = Integer.parseInt(a[1]);
        int batch = Integer.parseInt(a[2]);
        VolumeRadioNetwork net = new VolumeRadioNetwork(VolumeRadioConfig.reference(depth, size)
                .withTaskWeights(0.5, 0.3, 0.2));
        Nd4j.getRandom().setSeed(61);
        INDArray volume = Nd4j.randn(DataType.FLOAT, batch, 1, depth, size, size);
        INDArray radio = Nd4j.rand(DataType.FLOAT, batch, 375);
        int[][] labels = new int[3][batch];
        for (int i = 0; i < batch; i++) {
            labels[0][i] = i % 2;
            labels[1][i] = (i + 1) % 2;
            labels[2][i] = i % 3;
        }
        TorchSgd sgd = TorchSgd.reference();
        for (int r = 0; r < 6; r++) {
            net.trainStep(volume, radio, labels, sgd);
        }
        ComputationGraph g = net.graph();
        Map<String, INDArray> act = g.feedForward(new INDArray[] {volume, radio}, true, false);
        Map<String, List<String>> ins = g.getConfiguration().getVertexInputs();
        WorkspaceConfiguration wc = WorkspaceConfiguration.builder().initialSize(3L << 30)
                .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.NONE).build();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.builder().defaultWorkspace("LAYER_TIMES", wc).build();
        double totalForward = 0;
        double totalBackward = 0;
        Map<String, double[]> byType = new TreeMap<>();
        for (int idx : g.topologicalSortOrder()) {
            GraphVertex v = g.getVertices()[idx];
            if (v.isInputVertex() || v.isOutputVertex()) {
                continue;
            }
            INDArray[] xs = ins.get(v.getVertexName()).stream().map(n -> act.get(n).dup()).toArray(INDArray[]::new);
            double forward = Double.MAX_VALUE;
            double backward = Double.MAX_VALUE;
            try {
                for (int r = 0; r < 12; r++) {
                    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(wc, "LAYER_TIMES")) {
                        v.setInputs(xs);
                        long t0 = System.nanoTime();
                        INDArray y = v.doForward(true, mgr);
                        long t1 = System.nanoTime();
                        v.setEpsilon(Nd4j.rand(y.dataType(), y.shape()));
                        long t2 = System.nanoTime();
                        v.doBackward(false, mgr);
                        long t3 = System.nanoTime();
                        forward = Math.min(forward, (t1 - t0) / 1e6);
                        backward = Math.min(backward, (t3 - t2) / 1e6);
                    }
                }
            } catch (RuntimeException e) {
                System.out.println("skipped " + v.getVertexName() + ": " + e.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            totalForward += forward;
            totalBackward += backward;
            String type = v.hasLayer() ? v.getLayer().getClass().getSimpleName() : v.getClass().getSimpleName();
            double[] t = byType.computeIfAbsent(type, k -> new double[3]);
            t[0] += forward;
            t[1] += backward;
            t[2]++;
            System.out.printf(Locale.ROOT, "%-36s %-26s %-22s forward %7.2f ms  backward %7.2f ms%n", v.getVertexName(),
                    type, Arrays.toString(xs[0].shape()), forward, backward);
        }
        System.out.printf(Locale.ROOT, "TOTAL forward %.1f ms, backward %.1f ms%n", totalForward, totalBackward);
        byType.forEach((k, t) -> System.out.printf(Locale.ROOT, "  %-28s %2.0f vertices: forward %6.1f ms, backward %6.1f ms%n",
                k, t[2], t[0], t[1]));
    }
}
