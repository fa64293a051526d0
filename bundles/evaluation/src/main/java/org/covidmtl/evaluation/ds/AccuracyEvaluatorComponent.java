package org.covidmtl.evaluation.ds;

import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;
import org.osgi.service.component.annotations.Component;

/** Accuracy of the most probable class, with a bootstrap 95 % interval */
@Component(service = Evaluator.class, property = { "covidmtl.stage=evaluator", "covidmtl.name=accuracy",
        "covidmtl.description=Accuracy of the most probable class, with a bootstrap 95 % interval" })
public class AccuracyEvaluatorComponent extends EvaluatorComponent {
    @Override
    protected Evaluator create(BootstrapSettings bootstrap) {
        return Evaluators.accuracy(bootstrap);
    }
}
