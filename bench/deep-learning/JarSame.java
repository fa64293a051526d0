import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bitwise comparison of two {@code org.covidmtl.models.volume} jars in one JVM (run by {@code jars.sh same}): each
 * builds VOLUME_RADIO (reference configuration without Shift3D, batch 2 of 1×32×48×48), B starts from A's initial
 * parameters, ND4J's generator is reseeded before each (the heads' dropout), and both run logits, a training step,
 * logits, … (3 steps). Prints every output (logits, losses, final parameter vector) that differs and the largest
 * absolute difference: 0.0 means the change is bit for bit the same computation.
 * <p>
 * Arguments: {@code <jar A> <jar B>}.
 */
public final class JarSame {
    public static void main(String[] a) throws Exception {
        Nd4j.getRandom().setSeed(61);
        INDArray volume = Nd4j.randn(DataType.FLOAT, 2, 1, 32, 48, 48);
        INDArray radio = Nd4j.rand(DataType.FLOAT, 2, 375);
        int[][] labels = {{0, 1}, {1, 0}, {0, 2}};
        List<List<INDArray>> results = new ArrayList<>();
        INDArray initial = null;
        for (int k = 0; k < 2; k++) {
            ClassLoader cl = new URLClassLoader(new URL[] {Path.of(a[k]).toUri().toURL()}, JarSame.class.getClassLoader());
            Class<?> cfgClass = cl.loadClass("org.covidmtl.models.volume.VolumeRadioConfig");
            Object cfg = cfgClass.getMethod("reference", int.class, int.class).invoke(null, 32, 48);
            cfg = cfgClass.getMethod("withShift3d", cl.loadClass("org.covidmtl.models.volume.Shift3DConfig"))
                    .invoke(cfg, (Object) null);
            Class<?> netClass = cl.loadClass("org.covidmtl.models.volume.VolumeRadioNetwork");
            Object net = netClass.getConstructor(cfgClass).newInstance(cfg);
            ComputationGraph graph = (ComputationGraph) netClass.getMethod("graph").invoke(net);
            if (initial == null) {
                initial = graph.params().dup();
            } else {
                graph.setParams(initial.dup());
            }
            Class<?> sgdClass = cl.loadClass("org.covidmtl.models.volume.TorchSgd");
            Object sgd = sgdClass.getMethod("reference").invoke(null);
            Method logits = netClass.getMethod("logits", INDArray.class, INDArray.class);
            Method step = netClass.getMethod("trainStep", INDArray.class, INDArray.class, int[][].class, sgdClass);
            List<INDArray> out = new ArrayList<>();
            Nd4j.getRandom().setSeed(123);
            for (int s = 0; s < 4; s++) {
                for (INDArray l : (INDArray[]) logits.invoke(net, volume, radio)) {
                    out.add(l.dup());
                }
                if (s < 3) {
                    out.add(Nd4j.scalar((double) step.invoke(net, volume, radio, labels, sgd)));
                }
            }
            out.add(graph.params().dup());
            results.add(out);
        }
        double max = 0;
        for (int i = 0; i < results.get(0).size(); i++) {
            double d = results.get(0).get(i).castTo(DataType.DOUBLE).sub(results.get(1).get(i).castTo(DataType.DOUBLE))
                    .amaxNumber().doubleValue();
            max = Math.max(max, d);
            if (d != 0) {
                System.out.println("output " + i + " differs by up to " + d);
            }
        }
        System.out.println("largest absolute difference " + max + " over " + results.get(0).size()
                + " outputs (logits, losses, final parameters)");
    }
}
