package org.covidmtl.api.evaluation;

import java.util.List;

import org.covidmtl.api.cohort.Task;
import org.osgi.annotation.versioning.ConsumerType;

/** Turns ground truth and predicted probabilities of one task into metrics. Registered with {@code covidmtl.stage=evaluator}. */
@ConsumerType
public interface Evaluator {

    /**
     * @param truth class per study, 0..classes-1
     * @param probabilities [study][class], rows sum to 1
     */
    List<Metric> evaluate(Task task, int[] truth, double[][] probabilities);
}
