package org.covidmtl.assessment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.model.HeldOut;

/**
 * Calibration of a model's probabilities from its held-out predictions ({@link HeldOut}: out-of-bag for a random
 * forest), per task:
 * <ul>
 * <li><b>calibrated confidence</b>: the chance that the predicted class is right, given the model's probability of
 * it — isotonic regression (pool adjacent violators) of "the held-out study's predicted class was right" on that
 * probability, evaluated at the new study's, linear between the fitted points and clipped at the ends (as
 * scikit-learn's {@code IsotonicRegression(out_of_bounds='clip')});</li>
 * <li><b>a 90 % prediction set</b> (split conformal, "least ambiguous set-valued classifier", Sadinle et al. 2019):
 * non-conformity s = 1 − p(true class) on the held-out studies, q̂ their ⌈(n+1)·0.9⌉-th smallest; the set holds
 * every class c with 1 − p(c) ≤ q̂. For a new study exchangeable with the held-out ones it holds the true class
 * with probability at least 90 %. It may be empty (no class is probable enough: an unusual study for the model) or
 * hold every class (the model cannot tell them apart).</li>
 * </ul>
 * Neither says anything about studies from another population than the held-out ones (another scanner or
 * hospital): the guarantee assumes the new study is like them.
 */
public final class Calibration {
    /** Miscoverage of the prediction sets: 90 % sets. */
    public static final double ALPHA = 0.1;

    /** One task's calibration. */
    record Task(double[] x, double[] y, double qHat, int n, double heldOutAccuracy) {
    }

    /**
     * A calibrated answer for one task.
     *
     * @param confidence calibrated chance that the predicted class is right
     * @param predictionSet the classes of the 90 % prediction set, in class order
     * @param heldOutAccuracy accuracy of the predicted class on the held-out studies
     * @param heldOut the number of held-out studies with a label
     */
    public record Calibrated(double confidence, List<Integer> predictionSet, double heldOutAccuracy, int heldOut) {
        public Calibrated {
            predictionSet = List.copyOf(predictionSet);
        }
    }

    private final String source;
    private final Map<String, Task> tasks;

    private Calibration(String source, Map<String, Task> tasks) {
        this.source = source;
        this.tasks = tasks;
    }

    /** How the held-out predictions were made (the model's line). */
    public String source() {
        return source;
    }

    /** Fits every task of {@code h} that has at least one labelled study. */
    public static Calibration of(HeldOut h) {
        Map<String, Task> m = new LinkedHashMap<>();
        h.labels().forEach((task, labels) -> {
            Task t = fit(labels, h.probabilities().get(task));
            if (t != null) {
                m.put(task, t);
            }
        });
        return new Calibration(h.source(), m);
    }

    static Task fit(int[] labels, double[][] p) {
        List<double[]> pairs = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || !Double.isFinite(p[i][0])) {
                continue;
            }
            int best = argmax(p[i]);
            boolean ok = best == labels[i];
            right += ok ? 1 : 0;
            pairs.add(new double[] {p[i][best], ok ? 1 : 0});
            scores.add(1 - p[i][labels[i]]);
        }
        int n = pairs.size();
        if (n == 0) {
            return null;
        }
        pairs.sort((a, b) -> Double.compare(a[0], b[0]));
        double[][] iso = isotonic(pairs);
        double[] s = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int k = (int) Math.ceil((n + 1) * (1 - ALPHA));
        double qHat = k > n ? 1.0 : s[k - 1];
        return new Task(iso[0], iso[1], qHat, n, (double) right / n);
    }

    /**
     * Pool adjacent violators on (x, y) sorted by x: the non-decreasing fit, as points (distinct x, fitted y), ties
     * in x averaged first.
     */
    static double[][] isotonic(List<double[]> sorted) {
        // ties: one point per distinct x, weight = count
        List<double[]> pts = new ArrayList<>(); // x, sum y, weight
        for (double[] p : sorted) {
            double[] last = pts.isEmpty() ? null : pts.get(pts.size() - 1);
            if (last != null && last[0] == p[0]) {
                last[1] += p[1];
                last[2] += 1;
            } else {
                pts.add(new double[] {p[0], p[1], 1});
            }
        }
        int m = pts.size();
        double[] sum = new double[m];
        double[] w = new double[m];
        int[] start = new int[m];
        int blocks = 0;
        for (int i = 0; i < m; i++) {
            sum[blocks] = pts.get(i)[1];
            w[blocks] = pts.get(i)[2];
            start[blocks] = i;
            blocks++;
            while (blocks > 1 && sum[blocks - 2] / w[blocks - 2] > sum[blocks - 1] / w[blocks - 1]) {
                sum[blocks - 2] += sum[blocks - 1];
                w[blocks - 2] += w[blocks - 1];
                blocks--;
            }
        }
        double[] x = new double[m];
        double[] y = new double[m];
        for (int b = 0; b < blocks; b++) {
            int end = b + 1 < blocks ? start[b + 1] : m;
            for (int i = start[b]; i < end; i++) {
                x[i] = pts.get(i)[0];
                y[i] = sum[b] / w[b];
            }
        }
        return new double[][] {x, y};
    }

    /** The fitted curve at {@code v}: linear between points, clipped outside. */
    static double interpolate(double[] x, double[] y, double v) {
        if (v <= x[0]) {
            return y[0];
        }
        if (v >= x[x.length - 1]) {
            return y[y.length - 1];
        }
        int i = Arrays.binarySearch(x, v);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        return y[lo] + (y[hi] - y[lo]) * (v - x[lo]) / (x[hi] - x[lo]);
    }

    /** The calibrated answer for a study's probabilities of {@code task}, or null when the task has no data. */
    public Calibrated apply(String task, double[] p) {
        Task t = tasks.get(task);
        if (t == null) {
            return null;
        }
        int best = argmax(p);
        List<Integer> set = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            if (1 - p[c] <= t.qHat() + 1e-12) {
                set.add(c);
            }
        }
        return new Calibrated(interpolate(t.x(), t.y(), p[best]), set, t.heldOutAccuracy(), t.n());
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
