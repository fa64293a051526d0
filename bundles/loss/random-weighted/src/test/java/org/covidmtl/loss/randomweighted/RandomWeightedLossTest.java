package org.covidmtl.loss.randomweighted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.covidmtl.api.loss.TaskWeighting;
import org.junit.jupiter.api.Test;

class RandomWeightedLossTest {

    @Test
    void weightsLieOnTheSimplexAndAreRedrawnEveryIteration() {
        TaskWeighting w = new RandomWeightedLoss(2, false).start(3, 11);
        double[] previous = null;
        for (int i = 0; i < 1000; i++) {
            double[] next = w.next();
            assertThat(next).hasSize(3);
            assertThat(Arrays.stream(next).sum()).isCloseTo(1.0, within(1e-12));
            for (double x : next) {
                assertThat(x).isBetween(0.0, 1.0);
            }
            assertThat(next).isNotEqualTo(previous);
            previous = next;
        }
    }

    @Test
    void meanOfTwoFlatDirichletDrawsHasTheRightMoments() {
        // Dirichlet(1,1,1): E[w] = 1/3, Var[w] = (1/3)(2/3)/4 = 1/18; mean of two draws: Var = 1/36
        TaskWeighting w = new RandomWeightedLoss(2, false).start(3, 7);
        int n = 200_000;
        double[] sum = new double[3];
        double[] sumSq = new double[3];
        for (int i = 0; i < n; i++) {
            double[] x = w.next();
            for (int k = 0; k < 3; k++) {
                sum[k] += x[k];
                sumSq[k] += x[k] * x[k];
            }
        }
        for (int k = 0; k < 3; k++) {
            double mean = sum[k] / n;
            double var = sumSq[k] / n - mean * mean;
            assertThat(mean).isCloseTo(1.0 / 3, within(0.002));
            assertThat(var).isCloseTo(1.0 / 36, within(0.0005));
        }
    }

    @Test
    void oneDrawHasTheVarianceOfASingleDirichlet() {
        TaskWeighting w = new RandomWeightedLoss(1, false).start(3, 5);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double x = w.next()[0];
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n;
        assertThat(sumSq / n - mean * mean).isCloseTo(1.0 / 18, within(0.0007));
    }

    @Test
    void twoTasksUniformGivesPAndOneMinusP() {
        TaskWeighting w = new RandomWeightedLoss(2, true).start(2, 3);
        int n = 100_000;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double[] x = w.next();
            assertThat(x[0] + x[1]).isCloseTo(1.0, within(1e-12));
            sumSq += (x[0] - 0.5) * (x[0] - 0.5);
        }
        // U(0,1) has variance 1/12 (mean of two Dirichlet(1,1) draws would give 1/24)
        assertThat(sumSq / n).isCloseTo(1.0 / 12, within(0.001));
    }

    @Test
    void totalIsTheWeightedSumWithTheWeightsOfTheIteration() {
        TaskWeighting w = new RandomWeightedLoss(2, false).start(3, 1);
        double[] weights = w.next();
        double[] losses = {0.7, 1.1, 2.3};
        assertThat(w.total(losses)).isCloseTo(weights[0] * 0.7 + weights[1] * 1.1 + weights[2] * 2.3, within(1e-12));
    }

    @Test
    void sameSeedSameWeights() {
        TaskWeighting a = new RandomWeightedLoss(2, false).start(3, 42);
        TaskWeighting b = new RandomWeightedLoss(2, false).start(3, 42);
        for (int i = 0; i < 10; i++) {
            assertThat(a.next()).containsExactly(b.next());
        }
    }
}
