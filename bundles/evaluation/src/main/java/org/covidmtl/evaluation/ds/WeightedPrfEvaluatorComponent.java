package org.covidmtl.evaluation.ds;

import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;
import org.osgi.service.component.annotations.Component;

/** Support-weighted precision, recall and F1, with bootstrap 95 % intervals */
@Component(service = Evaluator.class, property = { "covidmtl.stage=evaluator", "covidmtl.name=weighted-prf",
        "covidmtl.description=Support-weighted precision, recall and F1, with bootstrap 95 % intervals" })
public class WeightedPrfEvaluatorComponent extends EvaluatorComponent {
    @Override
    protected Evaluator create(BootstrapSettings bootstrap) {
        return Evaluators.weighted(bootstrap);
    }
}
