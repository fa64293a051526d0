package org.covidmtl.loss.uncertainty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.covidmtl.api.loss.TaskWeighting;
import org.junit.jupiter.api.Test;

class UncertaintyWeightedLossTest {

    @Test
    void startsWithUnitWeightsAndTheKendallTotal() {
        TaskWeighting w = new UncertaintyWeightedLoss(0, 1).start(3, 0);
        assertThat(w.next()).containsExactly(1, 1, 1);
        assertThat(w.total(new double[] {0.5, 1.0, 2.0})).isCloseTo(3.5, within(1e-12));
    }

    @Test
    void logVariancesAreLearnedAndConvergeToLogOfTwiceTheLoss() {
        TaskWeighting w = new UncertaintyWeightedLoss(0, 1).start(3, 0);
        double[] losses = {0.2, 0.7, 1.5};
        for (int i = 0; i < 20_000; i++) {
            w.next();
            w.learn(losses, 0.01);
        }
        double[] s = w.parameters();
        for (int k = 0; k < 3; k++) {
            // stationary point of exp(-s) L + s/2: exp(-s) L = 1/2
            assertThat(s[k]).isCloseTo(Math.log(2 * losses[k]), within(1e-6));
            assertThat(w.next()[k]).isCloseTo(1 / (2 * losses[k]), within(1e-6));
        }
    }

    @Test
    void gradientStepMatchesTheAnalyticDerivative() {
        TaskWeighting w = new UncertaintyWeightedLoss(0.3, 1).start(2, 0);
        double[] losses = {0.9, 0.4};
        double[] before = w.parameters();
        // numeric derivative of total with respect to s_k
        double h = 1e-6;
        double[] numeric = new double[2];
        for (int k = 0; k < 2; k++) {
            double plus = Math.exp(-(before[k] + h)) * losses[k] + (before[k] + h) / 2;
            double minus = Math.exp(-(before[k] - h)) * losses[k] + (before[k] - h) / 2;
            numeric[k] = (plus - minus) / (2 * h);
        }
        w.learn(losses, 0.1);
        double[] after = w.parameters();
        for (int k = 0; k < 2; k++) {
            assertThat(after[k]).isCloseTo(before[k] - 0.1 * numeric[k], within(1e-8));
        }
    }

    @Test
    void zeroLearningRateFactorKeepsTheReferenceBehaviour() {
        // the reference never optimised s: with factor 0 the weights stay exp(-s0)
        TaskWeighting w = new UncertaintyWeightedLoss(0, 0).start(2, 0);
        for (int i = 0; i < 100; i++) {
            w.learn(new double[] {3, 4}, 0.1);
        }
        assertThat(w.parameters()).containsExactly(0, 0);
    }

    @Test
    void nonFiniteLossIsRejected() {
        TaskWeighting w = new UncertaintyWeightedLoss(0, 1).start(2, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.learn(new double[] {Double.NaN, 1}, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
