package org.covidmtl.api.evaluation;

import java.util.List;

import org.covidmtl.api.cohort.Task;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tests whether two models differ on the same studies (e.g. DeLong's test of two correlated AUCs). Registered
 * with {@code covidmtl.stage=evaluator} and {@code covidmtl.name=<name>} (e.g. {@code delong}).
 */
@ConsumerType
public interface ModelComparator {

    /**
     * @param truth class per study, 0..classes-1
     * @param probabilitiesA model A's [study][class] probabilities
     * @param probabilitiesB model B's [study][class] probabilities, same studies in the same order
     * @return one comparison for a binary task; for a multiclass task one per class (one-vs-rest), which a
     *         comparator may follow with one of the whole task (e.g. {@code auc[macro]})
     */
    List<Comparison> compare(Task task, int[] truth, double[][] probabilitiesA, double[][] probabilitiesB);
}
