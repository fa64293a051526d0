package org.covidmtl.platform.nd4j.component;

import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.stage.ComputeBackend;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.platform.nd4j.Nd4jBackend;
import org.osgi.service.component.annotations.Component;

/** Registers the ND4J backend as the {@code nd4j} compute backend, and {@code mtl:backend}. */
@Component(property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_BACKEND,
        StageProperties.NAME + "=nd4j",
        StageProperties.DESCRIPTION + "=ND4J from the launcher class path (CPU oneDNN/AVX2 or CUDA)" })
@GogoCommand(scope = "mtl", function = "backend")
public class Nd4jBackendComponent implements ComputeBackend {
    private final Nd4jBackend backend = new Nd4jBackend();

    @Override
    public Map<String, String> describe() {
        return backend.describe();
    }

    @Override
    public double selfTest(int n) {
        return backend.selfTest(n);
    }

    @Descriptor("shows the ND4J backend in use and checks a matrix product on it against plain Java")
    public void backend() {
        describe().forEach((k, v) -> System.out.println(k + ": " + v));
        long start = System.nanoTime();
        double error = selfTest(128);
        System.out.printf("self-test: 128x128 double product, max abs error %.3g vs plain Java (%d ms)%n", error,
                (System.nanoTime() - start) / 1_000_000);
        if (!(error < 1e-9)) {
            throw new IllegalStateException("ND4J self-test failed: max abs error " + error);
        }
    }
}
