package org.covidmtl.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.covidmtl.api.model.HeldOut;
import org.junit.jupiter.api.Test;

/** Isotonic calibration and conformal prediction sets, against values worked out by hand and by simulation. */
class CalibrationTest {

    @Test
    void poolAdjacentViolatorsAsScikitLearn() {
        // x sorted; y = 1, 0, 1, 0, 1, 1: the violators (1, 0) and (1, 0) pool to 0.5 each
        List<double[]> pts = new ArrayList<>();
        double[] y = {1, 0, 1, 0, 1, 1};
        for (int i = 0; i < y.length; i++) {
            pts.add(new double[] {0.5 + 0.1 * i, y[i]});
        }
        double[][] fit = Calibration.isotonic(pts);
        assertThat(fit[1]).containsExactly(0.5, 0.5, 0.5, 0.5, 1, 1);
        // sklearn: IsotonicRegression(out_of_bounds='clip').fit(x, y).predict([0.4, 0.85, 1.2]) = [0.5, 0.75, 1.0]
        assertThat(Calibration.interpolate(fit[0], fit[1], 0.4)).isEqualTo(0.5);
        assertThat(Calibration.interpolate(fit[0], fit[1], 0.85)).isCloseTo(0.75, within(1e-9));
        assertThat(Calibration.interpolate(fit[0], fit[1], 1.2)).isEqualTo(1.0);
        // ties in x are averaged before pooling
        List<double[]> ties = List.of(new double[] {0.6, 1}, new double[] {0.6, 0}, new double[] {0.6, 0},
                new double[] {0.9, 1});
        double[][] t = Calibration.isotonic(ties);
        assertThat(t[0]).containsExactly(0.6, 0.9);
        assertThat(t[1][0]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(t[1][1]).isEqualTo(1.0);
    }

    @Test
    void conformalQuantileAndSets() {
        // 9 held-out studies, scores 1 − p(true) = 0.1 … 0.9: k = ⌈10 · 0.9⌉ = 9 → q̂ = 0.9
        int n = 9;
        int[] labels = new int[n];
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double pt = 1 - 0.1 * (i + 1);
            p[i] = new double[] {pt, 1 - pt};
        }
        Calibration c = Calibration.of(new HeldOut("test", Map.of("t", labels), Map.of("t", p)));
        // every class with p ≥ 0.1 is in the set
        assertThat(c.apply("t", new double[] {0.95, 0.05}).predictionSet()).containsExactly(0);
        assertThat(c.apply("t", new double[] {0.5, 0.5}).predictionSet()).containsExactly(0, 1);
        // 19 studies: k = ⌈20 · 0.9⌉ = 18 → the 18th smallest score
        int m = 19;
        double[][] q = new double[m][];
        for (int i = 0; i < m; i++) {
            double pt = 1 - 0.05 * (i + 1);
            q[i] = new double[] {pt, 1 - pt};
        }
        Calibration d = Calibration.of(new HeldOut("test", Map.of("t", new int[m]), Map.of("t", q)));
        // q̂ = 0.9: class 1 with p 0.11 is in, with p 0.09 it is not
        assertThat(d.apply("t", new double[] {0.89, 0.11}).predictionSet()).containsExactly(0, 1);
        assertThat(d.apply("t", new double[] {0.91, 0.09}).predictionSet()).containsExactly(0);
        assertThat(d.apply("other", new double[] {0.5, 0.5})).isNull();
    }

    /**
     * A simulated, calibrated-by-construction classifier made over-confident: the calibrated confidence recovers the
     * true chance of being right, and the 90 % sets cover about 90 % of new studies.
     */
    @Test
    void recoversTheTrueRateAndCoversNinetyPercent() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 4000;
        int[] labels = new int[n];
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double truth = 0.5 + 0.5 * r.nextDouble(); // P(class 0)
            labels[i] = r.nextDouble() < truth ? 0 : 1;
            double shown = Math.min(1, 0.5 + 1.6 * (truth - 0.5)); // over-confident
            p[i] = new double[] {shown, 1 - shown};
        }
        Calibration c = Calibration.of(new HeldOut("sim", Map.of("t", labels), Map.of("t", p)));
        // a study shown 0.82 has a true rate 0.5 + 0.32 / 1.6 = 0.70
        assertThat(c.apply("t", new double[] {0.82, 0.18}).confidence()).isCloseTo(0.70, within(0.04));
        int covered = 0;
        int m = 4000;
        for (int i = 0; i < m; i++) {
            double truth = 0.5 + 0.5 * r.nextDouble();
            int y = r.nextDouble() < truth ? 0 : 1;
            double shown = Math.min(1, 0.5 + 1.6 * (truth - 0.5));
            covered += c.apply("t", new double[] {shown, 1 - shown}).predictionSet().contains(y) ? 1 : 0;
        }
        assertThat((double) covered / m).isBetween(0.88, 0.93);
    }
}
