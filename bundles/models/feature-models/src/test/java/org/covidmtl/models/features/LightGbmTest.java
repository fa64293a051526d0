package org.covidmtl.models.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.model.FeatureImportance;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.stage.Progress;
import org.junit.jupiter.api.Test;

class LightGbmTest {

    /**
     * The paper's split and baseline: gbdt, 1000 estimators, learning rate 0.01, on the two diagnosis tasks
     * (the targets); severity (3 × 1000 trees, ~2/3 of the time) is left to {@link #severityIsMulticlass}
     * with fewer rounds.
     */
    @Test
    void realCohortReachesThePapersAuc() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        Model model = new LightGbmFactory().create(new ModelSettings(CohortFixture.TASKS.subList(0, 2),
                Map.of("threads", "1"), 11));
        long t0 = System.nanoTime();
        model.fit(train, null, Progress.none());
        long t1 = System.nanoTime();
        Predictions p = model.predict(test, Progress.none());
        double ct = CohortFixture.auc(p.probabilities().get("covid-ct"), test.labels(0));
        double nat = CohortFixture.auc(p.probabilities().get("covid-nat"), test.labels(1));
        System.out.printf("lightgbm seed 11: fit %.1f s (2 tasks x 1000 rounds); AUC CT %.4f NAT %.4f%n",
                (t1 - t0) / 1e9, ct, nat);
        assertThat(ct).isGreaterThanOrEqualTo(0.90);
        assertThat(nat).isGreaterThanOrEqualTo(0.79);

        FeatureImportance fi = (FeatureImportance) model;
        printTop10(fi, List.of("covid-ct", "covid-nat"));
    }

    static void printTop10(FeatureImportance fi, List<String> tasks) {
        List<String> names = fi.featureNames();
        for (String task : tasks) {
            double[] gain = fi.importance(task, FeatureImportance.GAIN);
            double[] split = fi.importance(task, FeatureImportance.SPLIT);
            assertThat(gain).hasSize(375);
            assertThat(Arrays.stream(gain).sum()).isGreaterThan(0);
            // a feature never split on has no gain and vice versa
            for (int j = 0; j < gain.length; j++) {
                assertThat(gain[j] > 0).isEqualTo(split[j] > 0);
            }
            int[] top = IntStream.range(0, gain.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer j) -> -gain[j])).limit(10).mapToInt(i -> i).toArray();
            StringBuilder b = new StringBuilder("lightgbm top-10 gain " + task + ":");
            for (int j : top) {
                b.append(String.format(" %s=%.1f", names.get(j), gain[j]));
            }
            System.out.println(b);
        }
    }

    /** Multiclass objective for severity: probabilities over 3 classes, importance from all classes' trees. */
    @Test
    void severityIsMulticlass() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        Model model = new LightGbmFactory().create(new ModelSettings(CohortFixture.TASKS.subList(2, 3),
                Map.of("threads", "1", "n-estimators", "150"), 11));
        model.fit(train, null, Progress.none());
        double[][] p = model.predict(test, Progress.none()).probabilities().get("severity");
        for (double[] row : p) {
            assertThat(row).hasSize(3);
            assertThat(row[0] + row[1] + row[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        double[] sev = org.covidmtl.evaluation.Auc.paper(test.labels(2), p);
        System.out.printf("lightgbm severity (150 rounds) AUC %.4f +- %.4f%n", sev[0], sev[1]);
        assertThat(sev[0]).isGreaterThan(0.7);
        printTop10((FeatureImportance) model, List.of("severity"));
    }
}
