package org.covidmtl.models.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.MinMaxScaler;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.covidmtl.loss.uncertainty.UncertaintyWeightedLoss;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast trainer ({@link FastFnnTrainer}, fnn-mtl's default) computes what DL4J's {@code ComputationGraph.fit}
 * computed: on the paper's training split (930 rows, min–max scaled as the model does it), from the same initial
 * weights, with the same batch order (rows reshuffled every epoch) and dropout off, a few epochs of the paper's
 * network and optimiser (375→256→128→64→32, batch 10, SGD Nesterov 0.9, L2 5e-5 on weights and biases, cosine
 * learning rate) give the same weights, per-epoch losses and test-split predictions within float rounding — for the
 * random-weighted strategy (weights drawn per step) and for uncertainty weighting (its own parameters learned
 * through {@code learn}), through the {@code TaskWeighting} contract only.
 */
class FastFnnTrainerTest {
    private static double[][] x;
    private static int[][] y;
    private static double[][] tx;
    private static int[][] ty;

    @BeforeAll
    static void load() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        double[][] raw = train.featureMatrix();
        MinMaxScaler s = MinMaxScaler.fit(raw);
        x = s.transform(raw);
        tx = s.transform(test.featureMatrix());
        y = new int[3][];
        ty = new int[3][];
        for (int k = 0; k < 3; k++) {
            y[k] = FeatureData.labels(train, CohortFixture.TASKS.get(k));
            ty[k] = FeatureData.labels(test, CohortFixture.TASKS.get(k));
        }
    }

    /** Largest |a − b| / max|a| over a parameter array. */
    private static double relative(INDArray a, INDArray b) {
        double scale = a.amaxNumber().doubleValue();
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
    }

    private static double maxDifference(double[][][] a, double[][][] b) {
        double worst = 0;
        for (int k = 0; k < a.length; k++) {
            assertThat(b[k].length).isEqualTo(a[k].length);
            for (int i = 0; i < a[k].length; i++) {
                for (int j = 0; j < a[k][i].length; j++) {
                    worst = Math.max(worst, Math.abs(a[k][i][j] - b[k][i][j]));
                }
            }
        }
        return worst;
    }

    private static void sameTraining(LossStrategy strategy, String name, int epochs) {
        FnnNetwork.Config c = new FnnNetwork.Config(x[0].length, new int[] { 256, 128, 64, 32 }, 0.0, epochs, 10, 0.005,
                5e-5, 0.9, 5e-5, true, false);
        int[] classes = { 2, 2, 3 };
        long seed = 7;
        Nd4j.getRandom().setSeed(seed);
        FnnNetwork dl4j = new FnnNetwork(c, classes, seed);
        Nd4j.getRandom().setSeed(seed);
        FnnNetwork fast = new FnnNetwork(c, classes, seed);
        assertThat(fast.graph().params()).as("same initial weights").isEqualTo(dl4j.graph().params());

        long t0 = System.nanoTime();
        TrainingHistory hd = dl4j.fit(x, y, tx, ty, strategy.start(3, seed), seed, Progress.none(), true);
        long t1 = System.nanoTime();
        TrainingHistory hf = fast.fit(x, y, tx, ty, strategy.start(3, seed), seed, Progress.none(), false);
        long t2 = System.nanoTime();

        Map<String, INDArray> pd = new TreeMap<>(dl4j.graph().paramTable());
        Map<String, INDArray> pf = fast.graph().paramTable();
        double worstParam = 0;
        String worstName = "";
        for (var e : pd.entrySet()) {
            double r = relative(e.getValue(), pf.get(e.getKey()));
            if (r > worstParam) {
                worstParam = r;
                worstName = e.getKey();
            }
        }
        double whole = relative(dl4j.graph().params(), fast.graph().params());
        // the weights moved: the comparison is not between two untouched initialisations
        INDArray init = new FnnNetwork(c, classes, seed).graph().getParam("fc1_W");
        double moved = relative(dl4j.graph().getParam("fc1_W"), init);

        // DL4J end to end (its training, its inference) against the default end to end (Java training, Java inference)
        double worstPred = maxDifference(dl4j.predictDl4j(tx), fast.predict(tx));
        double worstLoss = 0;
        for (int e = 0; e < epochs; e++) {
            TrainingHistory.Epoch a = hd.epochs().get(e);
            TrainingHistory.Epoch b = hf.epochs().get(e);
            worstLoss = Math.max(worstLoss, Math.abs(a.trainLoss() - b.trainLoss()) / Math.abs(a.trainLoss()));
            worstLoss = Math.max(worstLoss, Math.abs(a.validationLoss() - b.validationLoss()) / Math.abs(a.validationLoss()));
            for (int k = 0; k < 3; k++) {
                worstLoss = Math.max(worstLoss, Math.abs(a.taskWeights()[k] - b.taskWeights()[k]) / Math.abs(a.taskWeights()[k]));
            }
        }
        System.out.printf("EQUIVALENCE %s, %d epochs (%d steps): max relative parameter difference %.3g (%s; whole parameter vector %.3g; "
                + "fc1_W moved %.3g from its init), max |Δ test probability| %.3g, max relative Δ epoch loss/weight %.3g;"
                + " DL4J %.2f s, fast %.2f s%n", name, epochs, epochs * 93, worstParam, worstName, whole, moved, worstPred,
                worstLoss, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        assertThat(moved).isGreaterThan(1e-3);
        assertThat(worstParam).as(worstName).isLessThan(1e-4);
        assertThat(whole).isLessThan(1e-5);
        assertThat(worstPred).isLessThan(1e-5);
        assertThat(worstLoss).isLessThan(1e-5);
    }

    @Test
    void randomWeightedTrainingEqualsDl4j() {
        sameTraining(new RandomWeightedLoss(2, false), "random-weighted", 3);
    }

    @Test
    void uncertaintyWeightedTrainingEqualsDl4j() {
        sameTraining(new UncertaintyWeightedLoss(0, 10), "uncertainty", 3);
    }

    /**
     * Prediction is the Java forward pass over the parameters the trainer wrote into the graph: with the paper's
     * settings (dropout 0.3 on), it equals DL4J's own inference of that graph; so does a network read back from
     * its file.
     */
    @Test
    void javaInferenceEqualsDl4jsOnTheTrainedGraph(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        FnnNetwork.Config c = new FnnNetwork.Config(x[0].length, new int[] { 256, 128, 64, 32 }, 0.3, 4, 10, 0.005,
                5e-5, 0.9, 5e-5, true, false);
        int[] classes = { 2, 2, 3 };
        FnnNetwork net = new FnnNetwork(c, classes, 5);
        double before = maxDifference(net.predictDl4j(tx), net.predict(tx));
        net.fit(x, y, null, null, new RandomWeightedLoss(2, false).start(3, 5), 5, Progress.none());
        double[][][] java = net.predict(tx);
        double trained = maxDifference(net.predictDl4j(tx), java);
        java.io.File f = dir.resolve("net.zip").toFile();
        net.write(f);
        FnnNetwork back = FnnNetwork.read(f, c, classes);
        double read = maxDifference(java, back.predict(tx));
        System.out.printf("INFERENCE Java vs DL4J, 399 test rows: max |Δ probability| %.3g untrained, %.3g trained"
                + " (4 epochs, dropout 0.3), read back %.3g%n", before, trained, read);
        assertThat(trained).isLessThan(1e-6);
        assertThat(before).isLessThan(1e-6);
        assertThat(read).isEqualTo(0.0);
    }
}
