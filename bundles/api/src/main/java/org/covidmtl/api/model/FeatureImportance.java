package org.covidmtl.api.model;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional capability of a trained {@link Model} on a feature table: how much each feature contributed,
 * per task. Callers test {@code model instanceof FeatureImportance}.
 */
@ConsumerType
public interface FeatureImportance {
    /** Total gain (loss reduction) of the splits on a feature. */
    String GAIN = "gain";
    /** Number of splits on a feature. */
    String SPLIT = "split";

    /** The importance types this model can give, e.g. {@link #GAIN}, {@link #SPLIT}. */
    Set<String> importanceTypes();

    /** The feature columns of the training cohort, in order. */
    List<String> featureNames();

    /**
     * Importance of every feature, in {@link #featureNames()} order, for one task of the model.
     *
     * @param task a task name of the model (e.g. {@code covid-ct})
     * @param type one of {@link #importanceTypes()}
     * @throws IllegalStateException before the model is trained
     * @throws IllegalArgumentException for an unknown task or type
     */
    double[] importance(String task, String type);
}
