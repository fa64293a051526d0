package org.covidmtl.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;

/**
 * Runner inputs for plain-Java tests: the evaluation bundle's evaluators (point values: the runner bootstraps them)
 * and DeLong's test, handed in directly as a container's stage directory would.
 */
public final class BuiltIn {
    private BuiltIn() {
    }

    /** The evaluators the experiment names. */
    public static Map<String, Evaluator> evaluators(ExperimentSpec spec) {
        Map<String, Evaluator> all = Evaluators.all(BootstrapSettings.NONE);
        Map<String, Evaluator> out = new LinkedHashMap<>();
        for (String name : spec.evaluators()) {
            if (all.containsKey(name)) {
                out.put(name, all.get(name));
            }
        }
        return out;
    }

    public static ExperimentRunner.NamedComparator delong() {
        return new ExperimentRunner.NamedComparator(Evaluators.DELONG, Evaluators.delong());
    }

    public static ExperimentRunner.Inputs inputs(ExperimentSpec spec, CohortSplit data, Map<String, ModelFactory> models,
            Map<String, ExperimentRunner.NamedLoss> losses) {
        return new ExperimentRunner.Inputs(data, models, losses, evaluators(spec), delong());
    }
}
