package org.covidmtl.evaluation.ds;

import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;
import org.osgi.service.component.annotations.Component;

/** Exact AUC (Mann-Whitney, ties count one half), with a bootstrap 95 % interval */
@Component(service = Evaluator.class, property = { "covidmtl.stage=evaluator", "covidmtl.name=auc",
        "covidmtl.description=Exact AUC (Mann-Whitney, ties count one half), with a bootstrap 95 % interval" })
public class AucEvaluatorComponent extends EvaluatorComponent {
    @Override
    protected Evaluator create(BootstrapSettings bootstrap) {
        return Evaluators.auc(bootstrap);
    }
}
