package org.covidmtl.platform.nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import org.covidmtl.api.stage.ComputeBackend;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend that the launcher's class path provides (CPU with oneDNN/AVX2 by default, CUDA with
 * the {@code cuda} build profile).
 */
public final class Nd4jBackend implements ComputeBackend {

    static {
        useNd4jClassLoader();
    }

    /**
     * ND4J looks up its backend (and, in DL4J, layer classes) through the class loader it captured from
     * the context of the first thread that touched it; inside OSGi that may be a bundle's loader, which
     * does not see the backends on the class path. Pin it to the loader ND4J itself came from. Cheap:
     * it does not initialise ND4J.
     */
    public static void useNd4jClassLoader() {
        ND4JClassLoading.setNd4jClassloader(Nd4j.class.getClassLoader());
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> facts = new LinkedHashMap<>();
        var executioner = Nd4j.getExecutioner();
        facts.put("backend", Nd4j.getBackend().getClass().getName());
        facts.put("executioner", executioner.getClass().getSimpleName());
        Properties env = executioner.getEnvironmentInformation();
        for (String key : new String[] {"backend", "blas.vendor", "omp.threads", "cores", "memory.available",
                "cuda.devicesInformation"}) {
            if (env.get(key) != null) {
                facts.put(key.replace('.', '-'), String.valueOf(env.get(key)));
            }
        }
        facts.put("javacpp-platform", System.getProperty("org.bytedeco.javacpp.platform", "(default)")
                + System.getProperty("org.bytedeco.javacpp.platform.extension", ""));
        facts.put("default-float-type", String.valueOf(Nd4j.defaultFloatingPointType()));
        return facts;
    }

    @Override
    public double selfTest(int n) {
        if (n < 1 || n > 4096) {
            throw new IllegalArgumentException("self-test size must be 1..4096, is " + n);
        }
        SplittableRandom random = new SplittableRandom(n);
        double[][] a = new double[n][n];
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = random.nextDouble(-1, 1);
                b[i][j] = random.nextDouble(-1, 1);
            }
        }
        INDArray product = Nd4j.create(a).castTo(DataType.DOUBLE).mmul(Nd4j.create(b).castTo(DataType.DOUBLE));
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                for (int k = 0; k < n; k++) {
                    expected += a[i][k] * b[k][j];
                }
                worst = Math.max(worst, Math.abs(expected - product.getDouble(i, j)));
            }
        }
        return worst;
    }
}
