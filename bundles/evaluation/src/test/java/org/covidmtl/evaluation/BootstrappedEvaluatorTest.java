package org.covidmtl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.api.evaluation.Metric;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.cohort.CohortLoader;
import org.covidmtl.cohort.CohortSources;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.cohort.Scaling;
import org.junit.jupiter.api.Test;

/**
 * The runner's bootstrap of any evaluator gives the intervals the platform's evaluators compute themselves (real
 * severity labels of the test split, probabilities from one real feature).
 */
class BootstrappedEvaluatorTest {
    static final BootstrapSettings SETTINGS = new BootstrapSettings(300, 7);

    /**
     * The real test split's severity labels, with the probabilities of a Gaussian class-conditional model of one real
     * feature (the strongest in Welch's ANOVA, LLL_glcm_Imc1) fitted on the training split.
     */
    static Object[] severity() {
        if (data == null) {
            data = fitOneFeature();
        }
        return data;
    }

    private static Object[] data;

    private static Object[] fitOneFeature() {
        CohortSplit split = CohortLoader.loadSplit(CohortSources.paper(CohortFeatureAnalysisTest.data()), Scaling.TRAIN,
                Progress.none());
        int task = split.train().taskIndex("severity");
        int feature = split.train().featureNames().indexOf("LLL_glcm_Imc1");
        double[] n = new double[3];
        double[] mean = new double[3];
        double[] square = new double[3];
        int[] y = split.train().labels(task);
        double[][] x = split.train().featureMatrix();
        for (int i = 0; i < y.length; i++) {
            n[y[i]]++;
            mean[y[i]] += x[i][feature];
            square[y[i]] += x[i][feature] * x[i][feature];
        }
        for (int k = 0; k < 3; k++) {
            mean[k] /= n[k];
            square[k] = Math.sqrt(square[k] / n[k] - mean[k] * mean[k]); // now the standard deviation
        }
        double[][] test = split.test().featureMatrix();
        double[][] p = new double[test.length][3];
        for (int i = 0; i < test.length; i++) {
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                double z = (test[i][feature] - mean[k]) / square[k];
                p[i][k] = n[k] / square[k] * Math.exp(-z * z / 2);
                sum += p[i][k];
            }
            for (int k = 0; k < 3; k++) {
                p[i][k] /= sum;
            }
        }
        return new Object[] { split.test().labels(task), p };
    }

    @Test
    void intervalsEqualThoseOfTheEvaluatorsOwnBootstrap() {
        Object[] d = severity();
        int[] t = (int[]) d[0];
        double[][] p = (double[][]) d[1];
        assertThat(Auc.exactTask(t, p)).isBetween(0.65, 0.85); // one feature tells severity apart, not perfectly
        Map<String, Evaluator> own = Evaluators.all(SETTINGS);
        Map<String, Evaluator> plain = Evaluators.all(BootstrapSettings.NONE);
        for (String name : own.keySet()) {
            Map<String, Metric> expected = byName(own.get(name).evaluate(Task.SEVERITY, t, p));
            List<Metric> wrapped = BootstrappedEvaluator.of(plain.get(name), SETTINGS).evaluate(Task.SEVERITY, t, p);
            assertThat(wrapped).as(name).isNotEmpty().allSatisfy(m -> {
                assertThat(m.lower()).as(m.name()).isLessThanOrEqualTo(m.value());
                assertThat(m.upper()).as(m.name()).isGreaterThanOrEqualTo(m.value());
            });
            for (Metric m : wrapped) {
                Metric e = expected.get(m.name());
                assertThat(m.value()).as(m.name()).isEqualTo(e.value());
                if (!Double.isNaN(e.lower())) { // metrics the evaluator bootstraps itself: the same interval
                    assertThat(m.lower()).as(m.name()).isEqualTo(e.lower());
                    assertThat(m.upper()).as(m.name()).isEqualTo(e.upper());
                }
            }
        }
    }

    @Test
    void anEvaluatorWithItsOwnIntervalsKeepsThemAndNoResamplesMeansNoWrapper() {
        Object[] d = severity();
        Evaluator own = Evaluators.auc(new BootstrapSettings(50, 1));
        assertThat(BootstrappedEvaluator.of(own, SETTINGS).evaluate(Task.SEVERITY, (int[]) d[0], (double[][]) d[1]))
                .isEqualTo(own.evaluate(Task.SEVERITY, (int[]) d[0], (double[][]) d[1]));
        Evaluator plain = Evaluators.accuracy(BootstrapSettings.NONE);
        assertThat(BootstrappedEvaluator.of(plain, BootstrapSettings.NONE)).isSameAs(plain);
    }

    private static Map<String, Metric> byName(List<Metric> metrics) {
        Map<String, Metric> m = new java.util.HashMap<>();
        metrics.forEach(x -> m.put(x.name(), x));
        return m;
    }
}
