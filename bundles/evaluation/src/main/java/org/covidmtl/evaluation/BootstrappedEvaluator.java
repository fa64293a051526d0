package org.covidmtl.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.api.evaluation.Metric;

/**
 * Any evaluator with percentile bootstrap 95 % intervals on every metric it returns: the evaluator runs on the
 * studies, then on each resample ({@link Bootstrap#resample}, the same resamples for the same seed), and each
 * metric's interval comes from its replicates. An evaluator that already returns intervals keeps its own. With the
 * same settings the intervals equal those of {@link BootstrapSettings} inside the platform's evaluators.
 */
public final class BootstrappedEvaluator implements Evaluator {
    private static final double LEVEL = 0.95;
    private final Evaluator evaluator;
    private final BootstrapSettings settings;

    private BootstrappedEvaluator(Evaluator evaluator, BootstrapSettings settings) {
        this.evaluator = evaluator;
        this.settings = settings;
    }

    /** {@code evaluator} with intervals; itself when {@code settings} has no resamples. */
    public static Evaluator of(Evaluator evaluator, BootstrapSettings settings) {
        return settings.resamples() == 0 ? evaluator : new BootstrappedEvaluator(evaluator, settings);
    }

    @Override
    public List<Metric> evaluate(Task task, int[] truth, double[][] probabilities) {
        List<Metric> point = evaluator.evaluate(task, truth, probabilities);
        if (point.stream().anyMatch(m -> !Double.isNaN(m.lower()) || !Double.isNaN(m.upper()))) {
            return point;
        }
        Map<String, double[]> replicates = new LinkedHashMap<>();
        Map<String, Integer> kept = new LinkedHashMap<>();
        for (Metric m : point) {
            replicates.put(m.name(), new double[settings.resamples()]);
            kept.put(m.name(), 0);
        }
        Bootstrap.resample(truth, probabilities, settings.resamples(), settings.seed(), (t, p) -> {
            for (Metric m : evaluator.evaluate(task, t, p)) {
                double[] r = replicates.get(m.name());
                if (r != null && !Double.isNaN(m.value())) {
                    int k = kept.get(m.name());
                    r[k] = m.value();
                    kept.put(m.name(), k + 1);
                }
            }
        });
        List<Metric> out = new ArrayList<>(point.size());
        for (Metric m : point) {
            double[] ci = Bootstrap.interval(java.util.Arrays.copyOf(replicates.get(m.name()), kept.get(m.name())),
                    LEVEL);
            out.add(new Metric(m.name(), m.value(), ci[0], ci[1]));
        }
        return out;
    }
}
