import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Timing A/B of two {@code org.covidmtl.models.volume} jars in one JVM (run by {@code jars.sh ab}): each jar in its own
 * class loader builds the bench's small row (VOLUME_RADIO, reference configuration, batch 2 of 1×64×80×80), and the
 * two are run alternately, A B, B A, A B, … (6 warm-up rounds, then {@code rounds} timed), so both see the same
 * machine state — on this shared 2-core machine separate JVMs a minute apart differ by 10–40 %. Prints each jar's
 * fastest and median time, how many rounds B won and the ratio of the medians.
 * <p>
 * Arguments: {@code <jar A> <jar B> <infer|train> <rounds>}. An A/A run of one jar under two names showed a bias of
 * up to 15 % against the jar loaded second, so run both orders.
 */
public final class JarAB {
    public static void main(String[] a) throws Exception {
        String mode = a[2];
        int rounds = Integer.parseInt(a[3]);
        int batch = 2;
        int depth = 64;
        int size = 80;
        Nd4j.getRandom().setSeed(61);
        INDArray volume = Nd4j.randn(DataType.FLOAT, batch, 1, depth, size, size);
        INDArray radio = Nd4j.rand(DataType.FLOAT, batch, 375);
        int[][] labels = new int[3][batch];
        for (int i = 0; i < batch; i++) {
            labels[0][i] = i % 2;
            labels[1][i] = (i + 1) % 2;
            labels[2][i] = i % 3;
        }
        Runnable[] run = new Runnable[2];
        for (int k = 0; k < 2; k++) {
            ClassLoader cl = new URLClassLoader(new URL[] {Path.of(a[k]).toUri().toURL()}, JarAB.class.getClassLoader());
            Class<?> cfgClass = cl.loadClass("org.covidmtl.models.volume.VolumeRadioConfig");
            Object cfg = cfgClass.getMethod("reference", int.class, int.class).invoke(null, depth, size);
            cfg = cfgClass.getMethod("withTaskWeights", double[].class).invoke(cfg, (Object) new double[] {0.5, 0.3, 0.2});
            Class<?> netClass = cl.loadClass("org.covidmtl.models.volume.VolumeRadioNetwork");
            Object net = netClass.getConstructor(cfgClass).newInstance(cfg);
            Class<?> sgdClass = cl.loadClass("org.covidmtl.models.volume.TorchSgd");
            Object sgd = sgdClass.getMethod("reference").invoke(null);
            Method logits = netClass.getMethod("logits", INDArray.class, INDArray.class);
            Method step = netClass.getMethod("trainStep", INDArray.class, INDArray.class, int[][].class, sgdClass);
            run[k] = () -> {
                try {
                    if (mode.equals("infer")) {
                        logits.invoke(net, volume, radio);
                    } else {
                        step.invoke(net, volume, radio, labels, sgd);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        double[][] t = new double[2][rounds];
        for (int r = -6; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int which = (r & 1) == 0 ? k : 1 - k;
                long t0 = System.nanoTime();
                run[which].run();
                if (r >= 0) {
                    t[which][r] = (System.nanoTime() - t0) / 1e9;
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            System.out.printf(Locale.ROOT, "%s %s fastest %.4f s, median %.4f s%n", Path.of(a[k]).getFileName(), mode,
                    Arrays.stream(t[k]).min().getAsDouble(), median(t[k]));
        }
        int wins = 0;
        for (int r = 0; r < rounds; r++) {
            wins += t[1][r] < t[0][r] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "B faster in %d of %d rounds; median B / median A %.3f%n", wins, rounds,
                median(t[1]) / median(t[0]));
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
