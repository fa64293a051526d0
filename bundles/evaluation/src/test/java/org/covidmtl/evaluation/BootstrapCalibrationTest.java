package org.covidmtl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BootstrapCalibrationTest {

    static Object[] binary(int n, long seed) {
        Random r = new Random(seed);
        int[] t = new int[n];
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextDouble() < 0.6 ? 1 : 0;
            double z = (t[i] == 1 ? 1.2 : 0) + r.nextGaussian();
            double p1 = 1 / (1 + Math.exp(-(z - 0.6)));
            p[i][0] = 1 - p1;
            p[i][1] = p1;
        }
        return new Object[] { t, p };
    }

    @Test
    void bootstrapIntervalOfAucAgreesWithDeLongStandardError() {
        Object[] d = binary(400, 1);
        int[] t = (int[]) d[0];
        double[][] p = (double[][]) d[1];
        double auc = Auc.exactTask(t, p);
        double[] ci = Bootstrap.interval(t, p, Auc::exactTask, 2000, 42, 0.95);
        assertThat(ci[0]).isLessThan(auc);
        assertThat(ci[1]).isGreaterThan(auc);
        // normal-theory width from DeLong's variance: 2·1.96·sd
        double sd = Math.sqrt(DeLong.variance(Auc.oneVsRest(t, 1), Auc.column(p, 1)));
        assertThat(ci[1] - ci[0]).isCloseTo(2 * 1.96 * sd, within(0.2 * 2 * 1.96 * sd));
        // same seed, same interval
        assertThat(Bootstrap.interval(t, p, Auc::exactTask, 2000, 42, 0.95)).containsExactly(ci);
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] s = { 1, 2, 3, 4, 5 };
        assertThat(Bootstrap.percentile(s, 0.025)).isCloseTo(1.1, within(1e-12));
        assertThat(Bootstrap.percentile(s, 0.975)).isCloseTo(4.9, within(1e-12));
        assertThat(Bootstrap.percentile(s, 0.5)).isEqualTo(3);
    }

    @Test
    void brierScoreByHand() {
        // binary: ((.8-1)^2 + (.3-0)^2)/2 = .065
        assertThat(Calibration.brier(new int[] { 1, 0 }, new double[][] { { .2, .8 }, { .7, .3 } })).isCloseTo(0.065,
                within(1e-12));
        // multiclass: row 1 (.7-1)^2+.2^2+.1^2 = .14; row 2 .5^2+(.3-1)^2+.2^2 = .78 -> .46
        assertThat(Calibration.brier(new int[] { 0, 1 }, new double[][] { { .7, .2, .1 }, { .5, .3, .2 } }))
                .isCloseTo(0.46, within(1e-12));
    }

    @Test
    void calibratedProbabilitiesGiveADiagonalReliabilityCurve() {
        Random r = new Random(4);
        int n = 20000;
        int[] t = new int[n];
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            double p1 = r.nextDouble();
            t[i] = r.nextDouble() < p1 ? 1 : 0;
            p[i][0] = 1 - p1;
            p[i][1] = p1;
        }
        Calibration.Curve c = Calibration.reliability(t, p, 10);
        assertThat(c.counts()).hasSize(10);
        for (int b = 0; b < 10; b++) {
            assertThat(c.observed()[b]).isCloseTo(c.meanPredicted()[b], within(0.04));
        }
        assertThat(c.ece()).isLessThan(0.02);
        // over-confident: push probabilities towards 0/1
        for (int i = 0; i < n; i++) {
            double q = p[i][1] > 0.5 ? Math.min(1, p[i][1] + 0.3) : Math.max(0, p[i][1] - 0.3);
            p[i][0] = 1 - q;
            p[i][1] = q;
        }
        assertThat(Calibration.reliability(t, p, 10).ece()).isGreaterThan(0.15);
    }
}
