package org.covidmtl.evaluation.ds;

import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.api.evaluation.Metric;
import org.covidmtl.evaluation.BootstrapSettings;
import org.osgi.service.component.annotations.Activate;

/**
 * Base of the evaluator components: reads {@code bootstrap.resamples} (default 0: point values only) and
 * {@code bootstrap.seed} (default 11) from the component's configuration and delegates to a plain evaluator.
 * Intervals are the consumer's choice: the experiment runner wraps every evaluator it is given in a
 * {@link org.covidmtl.evaluation.BootstrappedEvaluator} with the experiment file's settings, and keeps the
 * intervals of an evaluator configured to compute its own.
 */
abstract class EvaluatorComponent implements Evaluator {
    private volatile Evaluator delegate;

    protected abstract Evaluator create(BootstrapSettings bootstrap);

    @Activate
    void activate(Map<String, Object> properties) {
        int resamples = Integer.parseInt(String.valueOf(properties.getOrDefault("bootstrap.resamples", 0)));
        long seed = Long.parseLong(String.valueOf(properties.getOrDefault("bootstrap.seed",
                BootstrapSettings.DEFAULT.seed())));
        delegate = create(new BootstrapSettings(resamples, seed));
    }

    @Override
    public List<Metric> evaluate(Task task, int[] truth, double[][] probabilities) {
        return delegate.evaluate(task, truth, probabilities);
    }
}
