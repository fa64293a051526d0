package org.covidmtl.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * Proves that the task weights of a {@link TaskWeighting} really scale each task's gradient in the DL4J
 * network: zero weights give exactly zero head gradients, doubling a weight doubles the gradient, the
 * shared trunk gets Σ w<sub>k</sub>∇L<sub>k</sub>, and the gradients equal an independent computation in
 * plain Java from the network's own activations.
 */
class FnnLossScalingTest {
    private static final int N = 12;
    private static final int D = 6;
    private static final int[] CLASSES = { 2, 2, 3 };

    private FnnNetwork net;
    private ComputationGraph graph;
    private MultiDataSet mds;
    private double[][] x;
    private int[][] y;

    @BeforeEach
    void setUp() {
        SplittableRandom r = new SplittableRandom(3);
        x = new double[N][D];
        y = new int[3][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                x[i][j] = r.nextDouble();
            }
            for (int k = 0; k < 3; k++) {
                y[k][i] = r.nextInt(CLASSES[k]);
            }
        }
        // small trunk, no dropout, no weight decay: gradients are exactly the loss gradients
        FnnNetwork.Config c = new FnnNetwork.Config(D, new int[] { 8, 5 }, 0.0, 1, N, 0.05, 0.05, 0.9, 0.0, false, false);
        net = new FnnNetwork(c, CLASSES, 42);
        graph = net.graph();
        int[] rows = new int[N];
        for (int i = 0; i < N; i++) {
            rows[i] = i;
        }
        mds = net.batch(x, y, rows);
    }

    private Map<String, INDArray> gradients(double... w) {
        net.setTaskWeights(w);
        graph.setInputs(mds.getFeatures());
        graph.setLabels(mds.getLabels());
        graph.computeGradientAndScore();
        Map<String, INDArray> g = new java.util.LinkedHashMap<>();
        graph.gradient().gradientForVariable().forEach((k, v) -> g.put(k, v.dup()));
        return g;
    }

    private static double[][] m(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    @Test
    void zeroWeightGivesExactlyZeroHeadGradients() {
        Map<String, INDArray> g = gradients(1, 0, 0);
        for (String p : List.of("head1_W", "head1_b", "head2_W", "head2_b")) {
            assertThat(g.get(p).amaxNumber().doubleValue()).as(p).isEqualTo(0.0);
        }
        assertThat(g.get("head0_W").amaxNumber().doubleValue()).isGreaterThan(0);
        assertThat(g.get("fc1_W").amaxNumber().doubleValue()).isGreaterThan(0);
    }

    @Test
    void doublingAWeightDoublesItsGradient() {
        Map<String, INDArray> g1 = gradients(1, 0, 0);
        Map<String, INDArray> g2 = gradients(2, 0, 0);
        for (String p : g1.keySet()) {
            // ×2 is exact in binary floating point
            assertThat(g2.get(p)).as(p).isEqualTo(g1.get(p).mul(2));
        }
        Map<String, INDArray> h = gradients(0, 0.25, 0);
        Map<String, INDArray> h2 = gradients(0, 0.5, 0);
        assertThat(h2.get("head1_W")).isEqualTo(h.get("head1_W").mul(2));
        assertThat(h.get("head0_W").amaxNumber().doubleValue()).isEqualTo(0.0);
    }

    @Test
    void trunkGetsTheWeightedSumOfTaskGradients() {
        double[] w = { 0.2, 0.5, 0.3 };
        Map<String, INDArray> all = gradients(w);
        List<Map<String, INDArray>> single = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            double[] e = new double[3];
            e[k] = 1;
            single.add(gradients(e));
        }
        for (String p : all.keySet()) {
            INDArray expected = single.get(0).get(p).mul(w[0]).add(single.get(1).get(p).mul(w[1]))
                    .add(single.get(2).get(p).mul(w[2]));
            double[] a = all.get(p).castTo(DataType.DOUBLE).data().asDouble();
            double[] b = expected.castTo(DataType.DOUBLE).data().asDouble();
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as(p + "[" + i + "]").isCloseTo(b[i], within(1e-6 + 1e-5 * Math.abs(b[i])));
            }
        }
    }

    /** Head and last trunk layer gradients recomputed in plain Java from the network's activations. */
    @Test
    void gradientsMatchAnIndependentComputation() {
        double[] w = { 0.7, 1.9, 0.35 };
        Map<String, INDArray> g = gradients(w);
        Map<String, INDArray> act = graph.feedForward(mds.getFeatures(), false);
        double[][] h1 = m(act.get("fc1")); // N×8, after ReLU
        double[][] z2 = m(act.get("fc2")); // N×5, identity: pre-activation of the trunk's last layer
        double[][] a = m(act.get("trunk-relu")); // N×5
        double[][] dA = new double[N][5];
        double[] rawLoss = new double[3];
        for (int k = 0; k < 3; k++) {
            double[][] p = m(act.get("head" + k));
            double[][] wk = m(graph.getParam("head" + k + "_W")); // 5×n
            int n = CLASSES[k];
            double[][] expW = new double[5][n];
            double[] expB = new double[n];
            for (int i = 0; i < N; i++) {
                rawLoss[k] -= Math.log(p[i][y[k][i]]) / N;
                for (int c = 0; c < n; c++) {
                    double delta = w[k] * (p[i][c] - (y[k][i] == c ? 1 : 0)); // dL_total/dz per example
                    expB[c] += delta;
                    for (int j = 0; j < 5; j++) {
                        expW[j][c] += a[i][j] * delta;
                        dA[i][j] += delta * wk[j][c];
                    }
                }
            }
            double[][] gotW = m(g.get("head" + k + "_W"));
            double[] gotB = g.get("head" + k + "_b").castTo(DataType.DOUBLE).data().asDouble();
            for (int c = 0; c < n; c++) {
                assertThat(gotB[c]).isCloseTo(expB[c], within(1e-5));
                for (int j = 0; j < 5; j++) {
                    assertThat(gotW[j][c]).as("head%d_W[%d][%d]", k, j, c).isCloseTo(expW[j][c], within(1e-5));
                }
            }
        }
        // fc2 (identity) feeds the ReLU: dL/dW2 = H1ᵀ (dA ⊙ 1[z2 > 0])
        double[][] got2 = m(g.get("fc2_W"));
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 5; c++) {
                double e = 0;
                for (int i = 0; i < N; i++) {
                    e += h1[i][r] * (z2[i][c] > 0 ? dA[i][c] : 0);
                }
                assertThat(got2[r][c]).as("fc2_W[%d][%d]", r, c).isCloseTo(e, within(1e-5));
            }
        }
        // the recorded losses are the raw (unweighted) mean cross-entropies
        double[] recorded = net.lastTaskLosses();
        for (int k = 0; k < 3; k++) {
            assertThat(recorded[k]).isCloseTo(rawLoss[k], within(1e-5));
        }
        // and the network score is Σ w_k L_k
        assertThat(graph.score()).isCloseTo(w[0] * rawLoss[0] + w[1] * rawLoss[1] + w[2] * rawLoss[2], within(1e-5));
    }

    /** Through the trainer: weights (1, 0, 0) every iteration leave heads 2 and 3 untouched. */
    @Test
    void trainerAppliesTheWeightingEveryIteration() {
        INDArray head1 = graph.getParam("head1_W").dup();
        INDArray head2 = graph.getParam("head2_b").dup();
        INDArray head0 = graph.getParam("head0_W").dup();
        List<double[]> learned = new ArrayList<>();
        int[] nextCalls = { 0 };
        TaskWeighting only0 = new TaskWeighting() {
            @Override
            public double[] next() {
                nextCalls[0]++;
                return new double[] { 1, 0, 0 };
            }

            @Override
            public double total(double[] l) {
                return l[0];
            }

            @Override
            public void learn(double[] l, double lr) {
                learned.add(l.clone());
            }
        };
        FnnNetwork.Config c = new FnnNetwork.Config(D, new int[] { 8, 5 }, 0.0, 3, 4, 0.05, 0.001, 0.9, 0.0, false, false);
        FnnNetwork trainer = new FnnNetwork(c, CLASSES, 42);
        INDArray t1 = trainer.graph().getParam("head1_W").dup();
        INDArray t2 = trainer.graph().getParam("head2_b").dup();
        INDArray t0 = trainer.graph().getParam("head0_W").dup();
        TrainingHistory h = trainer.fit(x, y, x, y, only0, 1, Progress.none());
        assertThat(nextCalls[0]).isEqualTo(3 * 3); // 3 epochs × ⌈12/4⌉ iterations
        assertThat(learned).hasSize(9);
        assertThat(trainer.graph().getParam("head1_W")).isEqualTo(t1);
        assertThat(trainer.graph().getParam("head2_b")).isEqualTo(t2);
        assertThat(trainer.graph().getParam("head0_W")).isNotEqualTo(t0);
        assertThat(h.epochs()).hasSize(3);
        assertThat(h.epochs().get(0).learningRate()).isEqualTo(0.05);
        assertThat(h.epochs().get(1).learningRate()).isCloseTo(0.001 + 0.5 * 0.049 * (1 + Math.cos(Math.PI / 3)),
                within(1e-12));
        assertThat(h.epochs().get(0).taskWeights()).containsExactly(1, 0, 0);
        assertThat(h.epochs().get(2).validationLoss()).isFinite();
        // heads 2 and 3 still record their (unchanging-parameter) losses
        assertThat(learned.get(0)[1]).isPositive();
        // the fixture network was not touched
        assertThat(graph.getParam("head1_W")).isEqualTo(head1);
        assertThat(graph.getParam("head2_b")).isEqualTo(head2);
        assertThat(graph.getParam("head0_W")).isEqualTo(head0);
    }

    @Test
    void pytorchInitDrawsBiasesInThePlaceOfTheNetworksParameters() {
        FnnNetwork.Config c = new FnnNetwork.Config(D, new int[] { 8, 5 }, 0.0, 1, N, 0.05, 0.05, 0.9, 0.0, false, true);
        FnnNetwork t = new FnnNetwork(c, CLASSES, 42);
        INDArray b1 = t.graph().getParam("fc1_b");
        double bound = 1.0 / Math.sqrt(D);
        assertThat(b1.amaxNumber().doubleValue()).isPositive().isLessThanOrEqualTo(bound);
        assertThat(t.graph().getParam("fc1_W").amaxNumber().doubleValue()).isLessThanOrEqualTo(bound);
        assertThat(t.graph().getParam("head2_b").amaxNumber().doubleValue()).isPositive()
                .isLessThanOrEqualTo(1.0 / Math.sqrt(5));
        // the biases live in the network's flattened parameter vector
        assertThat(t.graph().params().amaxNumber().doubleValue()).isPositive();
        INDArray before = t.graph().getParam("head0_b").dup();
        t.graph().setInputs(mds.getFeatures());
        t.graph().setLabels(mds.getLabels());
        t.graph().fit(new org.nd4j.linalg.dataset.MultiDataSet(mds.getFeatures(), mds.getLabels()));
        assertThat(t.graph().getParam("head0_b")).isNotEqualTo(before);
        // and He init (the default) leaves biases at zero
        assertThat(graph.getParam("fc1_b").amaxNumber().doubleValue()).isEqualTo(0.0);
    }

    /** With the uncertainty strategy the trainer's learn() calls move the log-variances and so the weights. */
    @Test
    void uncertaintyWeightsAreLearnedDuringTraining() {
        org.covidmtl.api.loss.TaskWeighting[] started = new org.covidmtl.api.loss.TaskWeighting[1];
        org.covidmtl.api.loss.LossStrategy strategy = (tasks, seed) -> started[0] =
                new org.covidmtl.loss.uncertainty.UncertaintyWeightedLoss(0, 10).start(tasks, seed);
        org.covidmtl.api.model.Model m = new FnnFactory(true).create(new org.covidmtl.api.model.ModelSettings(
                List.of(org.covidmtl.api.cohort.Task.COVID_CT, org.covidmtl.api.cohort.Task.COVID_NAT,
                        org.covidmtl.api.cohort.Task.SEVERITY),
                Map.of("epochs", "3", "hidden", "8,5", "batch-size", "4"), 9,
                new org.covidmtl.api.model.ModelSettings.Loss("uncertainty", strategy)));
        java.util.List<org.covidmtl.api.cohort.CaseRecord> cases = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            cases.add(new org.covidmtl.api.cohort.CaseRecord("s" + i, new int[] { y[0][i], y[1][i], y[2][i] }, x[i],
                    Map.of()));
        }
        org.covidmtl.api.cohort.Cohort c = new org.covidmtl.api.cohort.Cohort("synthetic",
                List.of(org.covidmtl.api.cohort.Task.COVID_CT, org.covidmtl.api.cohort.Task.COVID_NAT,
                        org.covidmtl.api.cohort.Task.SEVERITY),
                List.of("a", "b", "c", "d", "e", "f"), cases);
        TrainingHistory h = m.fit(c, null, Progress.none());
        double[] s = started[0].parameters();
        assertThat(s).hasSize(3);
        assertThat(s).doesNotContain(0.0);
        // weights exp(-s_k) recorded per epoch follow the learned log-variances
        assertThat(h.epochs().get(2).taskWeights()).isNotEqualTo(h.epochs().get(0).taskWeights());
        assertThat(h.epochs().get(0).taskWeights()[0]).isNotEqualTo(1.0);
    }
}
