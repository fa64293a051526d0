package org.covidmtl.platform.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Nd4jBackendTest {
    @Test
    void theOneDnnCpuBackendLoadsAndMultipliesCorrectly() {
        Nd4jBackend backend = new Nd4jBackend();
        assertThat(backend.describe()).containsEntry("javacpp-platform", "(default)-onednn-avx2")
                .containsKey("blas-vendor");
        assertThat(backend.selfTest(64)).isLessThan(1e-10);
    }
}
