package org.covidmtl.evaluation.ds;

import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;
import org.osgi.service.component.annotations.Component;

/** The paper's AUC: one-vs-rest ROC interpolated at 100 FPR points, mean and population std over classes */
@Component(service = Evaluator.class, property = { "covidmtl.stage=evaluator", "covidmtl.name=paper-auc",
        "covidmtl.description=The paper's AUC: one-vs-rest ROC interpolated at 100 FPR points, mean and population std over classes" })
public class PaperAucEvaluatorComponent extends EvaluatorComponent {
    @Override
    protected Evaluator create(BootstrapSettings bootstrap) {
        return Evaluators.paperAuc(bootstrap);
    }
}
