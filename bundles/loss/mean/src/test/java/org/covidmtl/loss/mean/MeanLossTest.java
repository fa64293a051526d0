package org.covidmtl.loss.mean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.covidmtl.api.loss.TaskWeighting;
import org.junit.jupiter.api.Test;

class MeanLossTest {
    @Test
    void equalWeightsAndMeanTotal() {
        TaskWeighting w = new MeanLoss().start(3, 0);
        assertThat(w.next()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
        assertThat(w.total(new double[] {0.3, 0.6, 1.2})).isCloseTo(0.7, within(1e-12));
        assertThat(w.parameters()).isEmpty();
    }
}
