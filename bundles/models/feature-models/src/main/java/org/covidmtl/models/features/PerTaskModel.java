package org.covidmtl.models.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.FeatureImportance;
import org.covidmtl.api.model.ModelDescriptor;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;

/**
 * A model made of one independent classifier per task (random forest, LightGBM): fits each on the studies
 * whose label is known, predicts each, and answers feature importance per task.
 *
 * @param <C> the per-task classifier
 */
abstract class PerTaskModel<C> extends FeatureModel implements FeatureImportance {
    private final Map<String, C> classifiers = new LinkedHashMap<>();

    /**
     * @param parameters every parameter with its effective value
     */
    PerTaskModel(ModelDescriptor descriptor, ModelSettings settings, Map<String, String> parameters) {
        super(descriptor, settings, parameters, null);
    }

    /** Called once per fit, before the first task, with the number of input columns. */
    protected void prepare(int columns) {
    }

    /** Releases a classifier of an earlier fit. */
    protected void discard(C classifier) {
    }

    /** Trains the classifier of one task on the rows with a known label. */
    protected abstract C train(double[][] x, int[] y, Task task, Progress progress);

    /** Class probabilities, one row per study. */
    protected abstract double[][] probabilities(C classifier, double[][] x);

    /** Importance of every input column; rejects types the classifier does not give. */
    protected abstract double[] importance(C classifier, String type);

    /** The classifier of each task, in task order (for writing the artifact). */
    final Map<String, C> classifiers() {
        return classifiers;
    }

    /** Installs the classifiers read from an artifact, one per task. */
    final void restoreClassifiers(Map<String, C> loaded) {
        classifiers.clear();
        classifiers.putAll(loaded);
    }

    @Override
    protected final TrainingHistory train(InputColumns columns, Cohort train, Cohort validation, Progress p) {
        double[][] x = columns.matrix(train);
        classifiers.values().forEach(this::discard);
        classifiers.clear();
        prepare(x[0].length);
        List<Task> tasks = tasks();
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            int[] yAll = FeatureData.labels(train, task);
            int[] rows = FeatureData.known(yAll);
            if (rows.length == 0) {
                throw new StageException("cohort " + train.name(), "no known labels for task " + task.name());
            }
            double[][] xs = new double[rows.length][];
            int[] ys = new int[rows.length];
            for (int k = 0; k < rows.length; k++) {
                xs[k] = x[rows[k]];
                ys[k] = yAll[rows[k]];
            }
            p.checkCanceled();
            classifiers.put(task.name(), train(xs, ys, task, p.sub((double) t / tasks.size(), (t + 1.0) / tasks.size())));
        }
        p.setProgress(1, label() + " trained");
        return TrainingHistory.none();
    }

    @Override
    protected final boolean trained() {
        return !classifiers.isEmpty();
    }

    @Override
    protected final Map<String, double[][]> probabilities(double[][] x) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (Task task : tasks()) {
            out.put(task.name(), probabilities(classifiers.get(task.name()), x));
        }
        return out;
    }

    @Override
    public List<String> featureNames() {
        if (columns() == null || !trained()) {
            throw new IllegalStateException(label() + " not trained");
        }
        return columns().names();
    }

    @Override
    public double[] importance(String task, String type) {
        if (!trained()) {
            throw new IllegalStateException(label() + " not trained");
        }
        C classifier = classifiers.get(task);
        if (classifier == null) {
            throw new IllegalArgumentException("no task " + task + " in this model");
        }
        return importance(classifier, type);
    }
}
