package org.covidmtl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.math3.stat.inference.OneWayAnova;
import org.apache.commons.math3.stat.inference.TTest;
import org.covidmtl.evaluation.features.HierarchicalClustering;
import org.covidmtl.evaluation.features.WelchAnova;
import org.junit.jupiter.api.Test;

class FeatureAnalysisTest {

    @Test
    void twoGroupWelchAnovaIsTheSquaredWelchTTest() {
        Random r = new Random(2);
        for (int rep = 0; rep < 5; rep++) {
            double[] a = new double[30 + r.nextInt(40)];
            double[] b = new double[10 + r.nextInt(80)];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian() * 1.0;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = 0.4 + r.nextGaussian() * 2.5;
            }
            WelchAnova.Result w = WelchAnova.test(a, b);
            TTest t = new TTest();
            assertThat(w.f()).isCloseTo(Math.pow(t.t(a, b), 2), within(1e-9));
            assertThat(w.p()).isCloseTo(t.tTest(a, b), within(1e-9));
            assertThat(w.df1()).isEqualTo(1);
        }
    }

    @Test
    void threeGroupsWithEqualVariancesAgreeWithClassicalAnovaAndPIsTheFTail() {
        Random r = new Random(8);
        double[][] g = new double[3][400];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 400; i++) {
                g[k][i] = k * 0.1 + r.nextGaussian();
            }
        }
        WelchAnova.Result w = WelchAnova.test(g);
        List<double[]> list = List.of(g[0], g[1], g[2]);
        double classicalF = new OneWayAnova().anovaFValue(list);
        assertThat(w.f()).isCloseTo(classicalF, within(0.02 * classicalF));
        // p from the incomplete beta equals commons-math's F distribution tail where the latter is accurate
        double tail = 1 - new org.apache.commons.math3.distribution.FDistribution(w.df1(), w.df2())
                .cumulativeProbability(w.f());
        assertThat(w.p()).isCloseTo(tail, within(1e-10));
        assertThat(w.means()[2]).isCloseTo(mean(g[2]), within(1e-12));
        // tiny p-values do not underflow to 0
        assertThat(WelchAnova.upperTail(400, 2, 800)).isGreaterThan(0).isLessThan(1e-80);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** Plain UPGMA: every step rescans all pairs of clusters, distances as averages over leaf pairs. */
    static List<Double> naiveHeights(double[][] x) {
        int n = x.length;
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clusters.add(new ArrayList<>(List.of(i)));
        }
        List<Double> heights = new ArrayList<>();
        while (clusters.size() > 1) {
            double best = Double.MAX_VALUE;
            int ba = 0;
            int bb = 1;
            for (int a = 0; a < clusters.size(); a++) {
                for (int b = a + 1; b < clusters.size(); b++) {
                    double s = 0;
                    for (int i : clusters.get(a)) {
                        for (int j : clusters.get(b)) {
                            s += HierarchicalClustering.correlationDistance(x[i], x[j]);
                        }
                    }
                    s /= clusters.get(a).size() * clusters.get(b).size();
                    if (s < best) {
                        best = s;
                        ba = a;
                        bb = b;
                    }
                }
            }
            clusters.get(ba).addAll(clusters.remove(bb));
            heights.add(best);
        }
        return heights;
    }

    @Test
    void averageLinkageMatchesNaiveUpgmaAndKeepsClustersTogether() {
        Random r = new Random(12);
        double[][] x = new double[40][12];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 12; j++) {
                // two families of profiles: increasing and decreasing along j
                x[i][j] = (i < 20 ? j : -j) + 2 * r.nextGaussian();
            }
        }
        HierarchicalClustering.Tree t = HierarchicalClustering.cluster(x);
        List<Double> naive = naiveHeights(x);
        assertThat(t.merges()).hasSize(39);
        for (int s = 0; s < 39; s++) {
            assertThat(t.merges().get(s).height()).isCloseTo(naive.get(s), within(1e-9));
        }
        // leaves 0..19 form one contiguous block of the order
        int[] o = t.order();
        int firstBlock = o[0] < 20 ? 1 : 0;
        for (int i = 0; i < 20; i++) {
            assertThat(o[i] < 20 ? 1 : 0).isEqualTo(firstBlock);
        }
        assertThat(java.util.Arrays.stream(o).sorted().toArray()).containsExactly(java.util.stream.IntStream
                .range(0, 40).toArray());
    }
}
