import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

import org.covidmtl.models.volume.VolumeRadioConfig;
import org.covidmtl.models.volume.VolumeRadioGraph;
import org.covidmtl.models.volume.VolumeRadioNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The cost of one refresh of VOLUME_RADIO's folded inference graph (BatchNormFolding.refresh: every parameter folded
 * or copied), the fastest of 200, reached by reflection (the class is package-private). Run from the repository root
 * on the class path run.sh builds (bench/deep-learning/classpath.sh), e.g.
 * {@code java -cp "$cp" bench/deep-learning/FoldRefresh.java}.
 */
public class FoldRefresh {
    public static void main(String[] args) throws Exception {
        VolumeRadioNetwork net = new VolumeRadioNetwork(VolumeRadioConfig.reference(64, 80));
        Method build = VolumeRadioGraph.class.getDeclaredMethod("buildFolded", VolumeRadioConfig.class);
        build.setAccessible(true);
        ComputationGraph folded = (ComputationGraph) build.invoke(null, net.config());
        Class<?> c = Class.forName("org.covidmtl.models.volume.BatchNormFolding");
        Constructor<?> k = c.getDeclaredConstructor(ComputationGraph.class);
        k.setAccessible(true);
        Object folding = k.newInstance(folded);
        Method refresh = c.getDeclaredMethod("refresh", ComputationGraph.class);
        refresh.setAccessible(true);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            long t = System.nanoTime();
            refresh.invoke(folding, net.graph());
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf("parameters %d, refresh fastest of 200: %.2f ms%n", net.graph().numParams(), best / 1e6);
    }
}
