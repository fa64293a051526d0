package org.covidmtl.evaluation.ds;

import java.util.List;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Comparison;
import org.covidmtl.api.evaluation.ModelComparator;
import org.covidmtl.evaluation.Evaluators;
import org.osgi.service.component.annotations.Component;

/** DeLong's test of two correlated AUCs on the same studies. */
@Component(service = ModelComparator.class, property = { "covidmtl.stage=evaluator", "covidmtl.name=delong",
        "covidmtl.description=DeLong test of two correlated AUCs (multiclass: per class one-vs-rest, and the macro AUC)" })
public class DeLongComparatorComponent implements ModelComparator {
    private final ModelComparator delegate = Evaluators.delong();

    @Override
    public List<Comparison> compare(Task task, int[] truth, double[][] probabilitiesA, double[][] probabilitiesB) {
        return delegate.compare(task, truth, probabilitiesA, probabilitiesB);
    }
}
