package org.covidmtl.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.FeatureImportance;
import org.covidmtl.api.model.HeldOut;
import org.covidmtl.api.model.HeldOutPredictions;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.junit.jupiter.api.Test;

class RandomForestTest {

    @Test
    void separatesTwoGaussianClassesAndIsDeterministic() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int n = 400;
        double[][] x = new double[n][5];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 5; j++) {
                x[i][j] = r.nextGaussian() + (j == 0 ? 2.0 * y[i] : 0);
            }
        }
        RandomForest.Config c1 = new RandomForest.Config(50, 0, 0, 2, true, 1);
        RandomForest.Config c2 = new RandomForest.Config(50, 0, 0, 2, true, 2);
        RandomForest f1 = RandomForest.train(x, y, 2, c1, 7, null);
        RandomForest f2 = RandomForest.train(x, y, 2, c2, 7, null);
        double[][] p1 = f1.predictProba(x);
        assertThat(p1).isDeepEqualTo(f2.predictProba(x));
        // fully grown trees on bootstrap samples: training rows are fitted almost perfectly
        assertThat(org.covidmtl.evaluation.Auc.exact(y, p1, 1)).isGreaterThan(0.99);
        double[] imp = f1.impurityImportance();
        assertThat(imp[0]).isGreaterThan(0.3);
        assertThat(java.util.Arrays.stream(imp).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        for (double[] row : p1) {
            assertThat(row[0] + row[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void rejectsUnknownParameters() {
        assertThatThrownBy(() -> new RandomForestFactory()
                .create(new ModelSettings(java.util.List.of(Task.COVID_CT), Map.of("n_trees", "5"), 1)))
                .isInstanceOf(StageException.class).hasMessageContaining("n_trees");
    }

    /** The paper's split: 1000 trees per task, seed 11. */
    @Test
    void realCohortReachesThePapersAuc() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        assertThat(train.size()).isEqualTo(930);
        assertThat(test.size()).isEqualTo(399);
        Model model = new RandomForestFactory().create(new ModelSettings(CohortFixture.TASKS, Map.of(), 11));
        long t0 = System.nanoTime();
        model.fit(train, null, Progress.none());
        long t1 = System.nanoTime();
        Predictions p = model.predict(test, Progress.none());
        double ct = CohortFixture.auc(p.probabilities().get("covid-ct"), test.labels(0));
        double nat = CohortFixture.auc(p.probabilities().get("covid-nat"), test.labels(1));
        double[] sev = org.covidmtl.evaluation.Auc.paper(test.labels(2), p.probabilities().get("severity"));
        System.out.printf("random-forest seed 11: fit %.1f s (3 tasks x 1000 trees, %d threads); AUC CT %.4f NAT %.4f"
                + " severity %.4f +- %.4f%n", (t1 - t0) / 1e9, Runtime.getRuntime().availableProcessors(), ct, nat,
                sev[0], sev[1]);
        assertThat(ct).isGreaterThanOrEqualTo(0.90);
        assertThat(nat).isGreaterThanOrEqualTo(0.80);
        assertThat(sev[0]).isGreaterThanOrEqualTo(0.75);
        FeatureImportance fi = (FeatureImportance) model;
        assertThat(fi.importance("covid-ct", FeatureImportance.GAIN)).hasSize(375);

        // out-of-bag predictions of the training studies: an honest estimate, close to the held-out test set's,
        // far from the in-sample fit (fully grown trees fit their own samples almost perfectly)
        HeldOut h = ((HeldOutPredictions) model).heldOut();
        assertThat(h.source()).startsWith("out-of-bag: each of 930 training studies");
        for (int k = 0; k < 3; k++) {
            String task = CohortFixture.TASKS.get(k).name();
            int[] y = h.labels().get(task);
            double[][] oob = h.probabilities().get(task);
            assertThat(y).hasSize(930).isEqualTo(train.labels(k));
            double oobAcc = accuracy(oob, y);
            double testAcc = accuracy(p.probabilities().get(task), test.labels(k));
            double inSample = accuracy(model.predict(train, Progress.none()).probabilities().get(task), y);
            System.out.printf("random-forest %s accuracy: out-of-bag %.3f, test %.3f, in-sample %.3f%n", task, oobAcc,
                    testAcc, inSample);
            assertThat(Math.abs(oobAcc - testAcc)).isLessThan(0.05);
            assertThat(inSample).isGreaterThan(oobAcc + 0.05);
        }
        java.nio.file.Path artifact = java.nio.file.Files.createTempDirectory("rf-oob").resolve("forest");
        model.save(artifact);
        HeldOut loaded = ((HeldOutPredictions) new RandomForestFactory().load(artifact)).heldOut();
        assertThat(loaded.labels().get("severity")).isEqualTo(h.labels().get("severity"));
        double[][] a = h.probabilities().get("severity");
        double[][] b = loaded.probabilities().get("severity");
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(b[i][c]).isCloseTo(a[i][c], org.assertj.core.data.Offset.offset(1e-7));
            }
        }
    }

    private static double accuracy(double[][] p, int[] y) {
        int right = 0;
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0) {
                continue;
            }
            int best = 0;
            for (int c = 1; c < p[i].length; c++) {
                best = p[i][c] > p[i][best] ? c : best;
            }
            right += best == y[i] ? 1 : 0;
            n++;
        }
        return (double) right / n;
    }
}
