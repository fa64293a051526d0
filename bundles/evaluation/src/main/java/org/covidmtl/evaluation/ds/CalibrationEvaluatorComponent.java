package org.covidmtl.evaluation.ds;

import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;
import org.osgi.service.component.annotations.Component;

/** Brier score (bootstrap 95 % interval) and expected calibration error */
@Component(service = Evaluator.class, property = { "covidmtl.stage=evaluator", "covidmtl.name=calibration",
        "covidmtl.description=Brier score (bootstrap 95 % interval) and expected calibration error" })
public class CalibrationEvaluatorComponent extends EvaluatorComponent {
    @Override
    protected Evaluator create(BootstrapSettings bootstrap) {
        return Evaluators.calibration(bootstrap);
    }
}
