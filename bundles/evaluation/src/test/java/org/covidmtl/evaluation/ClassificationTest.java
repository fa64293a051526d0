package org.covidmtl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Metric;
import org.junit.jupiter.api.Test;

class ClassificationTest {
    // truth 0 0 1 1 2 2, predicted 0 1 1 1 2 0
    static final int[] TRUTH = { 0, 0, 1, 1, 2, 2 };
    static final double[][] P = { { .8, .1, .1 }, { .2, .7, .1 }, { .1, .8, .1 }, { .3, .6, .1 }, { .1, .2, .7 },
            { .5, .2, .3 } };

    @Test
    void weightedMetricsByHand() {
        int[] pred = Classification.argmax(P);
        assertThat(pred).containsExactly(0, 1, 1, 1, 2, 0);
        assertThat(Classification.accuracy(TRUTH, pred)).isEqualTo(4.0 / 6);
        // class 0: P 1/2 R 1/2 F 1/2; class 1: P 2/3 R 1 F 4/5; class 2: P 1 R 1/2 F 2/3; supports 2,2,2
        double[] w = Classification.weighted(TRUTH, pred, 3);
        assertThat(w[0]).isCloseTo((0.5 + 2.0 / 3 + 1) / 3, within(1e-12));
        assertThat(w[1]).isCloseTo((0.5 + 1 + 0.5) / 3, within(1e-12));
        assertThat(w[2]).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
        assertThat(Classification.confusion(TRUTH, pred, 3)).isDeepEqualTo(new long[][] { { 1, 1, 0 }, { 0, 2, 0 },
                { 1, 0, 1 } });
    }

    @Test
    void neverPredictedClassHasPrecisionZero() {
        int[] truth = { 0, 0, 1, 1 };
        int[] pred = { 0, 0, 0, 0 };
        double[] w = Classification.weighted(truth, pred, 2);
        // class 0: P 1/2 R 1 F 2/3; class 1: P 0 (never predicted) R 0 F 0
        assertThat(w[0]).isCloseTo(0.25, within(1e-12));
        assertThat(w[1]).isCloseTo(0.5, within(1e-12));
        assertThat(w[2]).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void evaluatorsNameTheirMetricsAndGiveIntervalsAroundTheValue() {
        List<Metric> m = Evaluators.weighted(new BootstrapSettings(200, 1)).evaluate(Task.SEVERITY, TRUTH, P);
        assertThat(m).extracting(Metric::name).containsExactly("precision-weighted", "recall-weighted", "f1-weighted");
        for (Metric x : m) {
            assertThat(x.lower()).isLessThanOrEqualTo(x.value());
            assertThat(x.upper()).isGreaterThanOrEqualTo(x.value());
        }
        List<Metric> c = Evaluators.confusion().evaluate(Task.SEVERITY, TRUTH, P);
        assertThat(c).hasSize(9);
        assertThat(c.get(1).name()).isEqualTo("confusion-true0-pred1");
        assertThat(c.get(1).value()).isEqualTo(1);
    }
}
