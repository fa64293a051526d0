package org.covidmtl.models.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Speed work on {@link FnnNetwork} must not change what it computes: fnn-mtl (random-weighted loss, seed 1, paper
 * defaults, 80 epochs) trained on the paper's training split predicts the test split as in
 * {@code fnn-mtl-seed1.snapshot} (within 1e-6; per-epoch mean training losses within 1e-6 too).
 * <p>
 * The snapshot was rewritten (2026-12-02) from the {@link FastFnnTrainer} default by this test itself
 * ({@code -Dcovidmtl.fnn.snapshot=<file>}): the fast trainer draws its dropout masks from its own generator, not
 * ND4J's, so against the earlier snapshot of DL4J's training (same seed) the probabilities differ by up to 0.27 —
 * another dropout draw, not another computation ({@code FastFnnTrainerTest} holds the two paths equal with dropout
 * off).
 * <p>
 * Rewritten once more when prediction became the Java forward pass (it had moved by 7.2e-7 from DL4J's inference).
 * <p>
 * Opt-in ({@code -Dcovidmtl.fnn.snapshot=check}; about 15 s): training and prediction are Java float arithmetic
 * (strict IEEE: the JIT neither reassociates nor fuses), the initial weights ND4J's He initialisation (1.0.0-M2.1
 * nd4j-native linux-x86_64-onednn-avx2; written on an AVX-512 x86-64 machine, OpenJDK 17, 1 OpenMP thread).
 * {@code -Dcovidmtl.fnn.snapshot=<file>} writes a new snapshot there instead.
 */
@EnabledIfSystemProperty(named = "covidmtl.fnn.snapshot", matches = ".+")
class FnnSnapshotTest {
    static final String RESOURCE = "fnn-mtl-seed1.snapshot";

    @Test
    void fnnMtlPredictsAsTheSnapshot() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        Model m = new FnnFactory(true).create(new ModelSettings(CohortFixture.TASKS, Map.of(), 1,
                new ModelSettings.Loss("random-weighted", new RandomWeightedLoss(2, false))));
        TrainingHistory h = m.fit(train, null, Progress.none());
        Predictions p = m.predict(test, Progress.none());
        List<String> lines = new ArrayList<>();
        for (var task : CohortFixture.TASKS) {
            for (double[] row : p.probabilities().get(task.name())) {
                StringBuilder b = new StringBuilder(task.name());
                for (double v : row) {
                    b.append(' ').append(v);
                }
                lines.add(b.toString());
            }
        }
        for (TrainingHistory.Epoch e : h.epochs()) {
            lines.add("epoch " + e.epoch() + " " + e.trainLoss());
        }
        String mode = System.getProperty("covidmtl.fnn.snapshot");
        if (!mode.equals("check")) {
            Files.write(Path.of(mode), lines, StandardCharsets.UTF_8);
            System.out.println("fnn-mtl snapshot written: " + mode);
            return;
        }
        List<String> was;
        try (InputStream in = FnnSnapshotTest.class.getResourceAsStream(RESOURCE)) {
            was = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSameSizeAs(was);
        double max = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] a = was.get(i).split(" ");
            String[] b = lines.get(i).split(" ");
            assertThat(b[0]).isEqualTo(a[0]);
            for (int j = a[0].equals("epoch") ? 2 : 1; j < a.length; j++) {
                max = Math.max(max, Math.abs(Double.parseDouble(a[j]) - Double.parseDouble(b[j])));
            }
        }
        System.out.printf("fnn-mtl seed 1 against the snapshot: max |difference| %.3g%n", max);
        assertThat(max).isLessThanOrEqualTo(1e-6);
    }
}
