package org.covidmtl.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.api.evaluation.ModelComparator;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;

/** Helpers to assemble {@link ExperimentRunner.Inputs}. */
public final class ExperimentServices {
    private ExperimentServices() {
    }

    /**
     * The evaluators an experiment names: the built-in ones ({@code accuracy}, {@code weighted-prf}, {@code auc},
     * {@code paper-auc}, {@code calibration}, {@code confusion}) with the experiment's bootstrap settings; any other
     * name from {@code extra} (e.g. evaluator services by {@code covidmtl.name}).
     */
    public static Map<String, Evaluator> evaluators(ExperimentSpec spec, Map<String, Evaluator> extra) {
        Map<String, Evaluator> builtIn = Evaluators.all(new BootstrapSettings(spec.bootstrap(), spec.bootstrapSeed()));
        Map<String, Evaluator> out = new LinkedHashMap<>();
        for (String name : spec.evaluators()) {
            Evaluator e = builtIn.containsKey(name) ? builtIn.get(name) : extra.get(name);
            if (e == null) {
                throw new StageException(spec.file() + " evaluation.evaluators", "no evaluator named " + name);
            }
            out.put(name, e);
        }
        return out;
    }

    /** DeLong's test (built in). */
    public static ModelComparator delong() {
        return Evaluators.delong();
    }

    /** Inputs with built-in evaluators and DeLong. */
    public static ExperimentRunner.Inputs inputs(ExperimentSpec spec, CohortSplit data,
            Map<String, org.covidmtl.api.model.ModelFactory> models, Map<String, ExperimentRunner.NamedLoss> losses) {
        return new ExperimentRunner.Inputs(data, models, losses, evaluators(spec, Map.of()), delong());
    }

    static List<String> names(Map<String, ?> m) {
        return List.copyOf(m.keySet());
    }
}
