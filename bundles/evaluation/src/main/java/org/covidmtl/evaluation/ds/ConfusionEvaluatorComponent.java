package org.covidmtl.evaluation.ds;

import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;
import org.osgi.service.component.annotations.Component;

/** Confusion matrix of the most probable class */
@Component(service = Evaluator.class, property = { "covidmtl.stage=evaluator", "covidmtl.name=confusion",
        "covidmtl.description=Confusion matrix of the most probable class" })
public class ConfusionEvaluatorComponent extends EvaluatorComponent {
    @Override
    protected Evaluator create(BootstrapSettings bootstrap) {
        return Evaluators.confusion();
    }
}
