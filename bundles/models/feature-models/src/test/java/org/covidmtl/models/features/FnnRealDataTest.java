package org.covidmtl.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.MinMaxScaler;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.junit.jupiter.api.Test;

/**
 * The feature FNNs on the real cohort with the paper's split and training set-up (80 epochs, batch 10,
 * SGD Nesterov 0.9, weight decay 5e-5, cosine 0.005 → 5e-5).
 * <p>
 * fnn-mtl with the random-weighted loss is held to the paper's protocol: the mean over 5 seeds (1–5, trained
 * two at a time) must reach the paper's Table 8 FNN-only numbers (AUC CT 0.886, NAT 0.802, severity 0.741).
 * {@code -Dcovidmtl.fnn.seeds=…} runs other seeds; with fewer than 5 the targets are lowered by 0.02 for the
 * variation of a single seed.
 */
class FnnRealDataTest {
    static final double[] TARGET = { 0.886, 0.802, 0.741 };

    @Test
    void fnnMtlWithRandomWeightedLossReachesThePapersAuc() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        long[] seeds = Arrays.stream(System.getProperty("covidmtl.fnn.seeds", "1,2,3,4,5").split(",")).map(String::trim)
                .mapToLong(Long::parseLong).toArray();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<double[]>> runs = new ArrayList<>();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        for (long seed : seeds) {
            runs.add(pool.submit(() -> {
                Model m = new FnnFactory(true).create(new ModelSettings(CohortFixture.TASKS, Map.of(), seed,
                        new ModelSettings.Loss("random-weighted", new RandomWeightedLoss(2, false))));
                long t0 = System.nanoTime();
                TrainingHistory h = m.fit(train, test, Progress.none());
                double secs = (System.nanoTime() - t0) / 1e9;
                Predictions p = m.predict(test, Progress.none());
                double[] auc = new double[3];
                for (int k = 0; k < 3; k++) {
                    auc[k] = CohortFixture.auc(p.probabilities().get(CohortFixture.TASKS.get(k).name()), test.labels(k));
                }
                TrainingHistory.Epoch last = h.epochs().get(h.epochs().size() - 1);
                String line = String.format("fnn-mtl random-weighted seed %d: fit %.1f s; AUC CT %.4f NAT %.4f severity %.4f;"
                        + " last epoch lr %.6f train %.4f val %.4f task losses %s", seed, secs, auc[0], auc[1], auc[2],
                        last.learningRate(), last.trainLoss(), last.validationLoss(), Arrays.toString(last.taskLosses()));
                System.out.println(line);
                lines.add(line);
                assertThat(h.epochs()).hasSize(80);
                assertThat(h.epochs().get(0).learningRate()).isEqualTo(0.005);
                assertThat(last.learningRate()).isBetween(5e-5, 6e-5);
                // random weights: every epoch's mean weights sum to 1
                assertThat(Arrays.stream(last.taskWeights()).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(h.epochs().get(0).trainLoss()).isGreaterThan(last.trainLoss());
                return auc;
            }));
        }
        double[] sum = new double[3];
        try {
            for (java.util.concurrent.Future<double[]> f : runs) {
                double[] auc = f.get();
                for (int k = 0; k < 3; k++) {
                    sum[k] += auc[k];
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double[] mean = new double[3];
        for (int k = 0; k < 3; k++) {
            mean[k] = sum[k] / seeds.length;
        }
        System.out.printf("fnn-mtl random-weighted mean over %d seed(s): AUC CT %.4f NAT %.4f severity %.4f%n",
                seeds.length, mean[0], mean[1], mean[2]);
        double slack = seeds.length >= 5 ? 0 : 0.02;
        for (int k = 0; k < 3; k++) {
            assertThat(mean[k]).as(CohortFixture.TASKS.get(k).name() + " " + lines).isGreaterThanOrEqualTo(TARGET[k] - slack);
        }
    }

    /** fnn-single: one independent network per task; here the CT network, 20 epochs to bound the build time. */
    @Test
    void singleTaskFnnLearnsCt() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        Model m = new FnnFactory(false).create(new ModelSettings(List.of(Task.COVID_CT), Map.of("epochs", "20"), 1));
        long t0 = System.nanoTime();
        TrainingHistory h = m.fit(train, null, Progress.none());
        double secs = (System.nanoTime() - t0) / 1e9;
        Predictions p = m.predict(test, Progress.none());
        assertThat(p.probabilities()).containsOnlyKeys("covid-ct");
        double auc = CohortFixture.auc(p.probabilities().get("covid-ct"), test.labels(0));
        System.out.printf("fnn-single covid-ct seed 1, 20 epochs: fit %.1f s; AUC CT %.4f%n", secs, auc);
        assertThat(h.epochs()).hasSize(20);
        assertThat(h.epochs().get(0).taskWeights()).containsExactly(1.0);
        assertThat(h.epochs().get(19).validationLoss()).isNaN();
        assertThat(auc).isGreaterThan(0.85);
    }

    @Test
    void referenceScalingFitsTheScalerOnTrainingAndValidationRows() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        Map<String, String> p = Map.of("epochs", "1", "hidden", "8", "reference-scaling", "true");
        Model ref = new FnnFactory(true).create(new ModelSettings(CohortFixture.TASKS, p, 5));
        Model own = new FnnFactory(true).create(new ModelSettings(CohortFixture.TASKS,
                Map.of("epochs", "1", "hidden", "8"), 5));
        ref.fit(train, test, Progress.none());
        own.fit(train, test, Progress.none());
        // the scaler sees the test rows only with reference-scaling, so the networks' predictions differ
        double[][] a = ref.predict(test, Progress.none()).probabilities().get("covid-ct");
        double[][] b = own.predict(test, Progress.none()).probabilities().get("covid-ct");
        assertThat(a).isNotEqualTo(b);
        double[][] all = MinMaxScaler.fit(train.featureMatrix(), test.featureMatrix())
                .transform(CohortFixture.all().featureMatrix());
        for (double[] row : all) {
            for (double v : row) {
                assertThat(v).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void rejectsBadParameters() {
        FnnFactory f = new FnnFactory(true);
        assertThatThrownBy(() -> f.create(new ModelSettings(CohortFixture.TASKS, Map.of("lr", "0.1"), 1)))
                .isInstanceOf(StageException.class).hasMessageContaining("lr");
        assertThatThrownBy(() -> f.create(new ModelSettings(CohortFixture.TASKS, Map.of("dropout", "1.5"), 1)))
                .isInstanceOf(StageException.class);
        assertThatThrownBy(() -> f.create(new ModelSettings(CohortFixture.TASKS, Map.of("hidden", "a,b"), 1)))
                .isInstanceOf(StageException.class);
    }
}
