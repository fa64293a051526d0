package org.covidmtl.api.model;

import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.MinMaxScaler;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.stage.StageException;

/**
 * What a model is created with.
 *
 * @param tasks the tasks it must predict, in order
 * @param parameters hyper-parameters by name (a factory rejects names it does not know)
 * @param seed seed of all randomness in creation and training
 * @param loss how a multitask model combines its task losses; {@code null} for single-task and tree models
 *        (a factory whose models use no loss refuses one), and for a multitask model that then takes the mean
 * @param inputScaler the min–max scaling the caller already applied to the feature columns of the cohorts given
 *        to {@code fit} and {@code predict(Cohort)} (e.g. an experiment's scaler fitted on its training split), or
 *        {@code null}; a feature model keeps it in its artifact and applies it to the raw features of a
 *        {@link Study}, so that one study is predicted as the training rows were
 */
public record ModelSettings(List<Task> tasks, Map<String, String> parameters, long seed, Loss loss,
        MinMaxScaler inputScaler) {

    /**
     * A loss strategy with the name it is registered under (recorded in the artifact).
     *
     * @param name the strategy's {@code covidmtl.name}, e.g. {@code random-weighted}
     * @param strategy the strategy
     */
    public record Loss(String name, LossStrategy strategy) {
        public Loss {
            if (name == null || name.isBlank() || strategy == null) {
                throw new IllegalArgumentException("a loss needs a name and a strategy");
            }
        }
    }

    public ModelSettings {
        tasks = List.copyOf(tasks);
        parameters = Map.copyOf(parameters);
    }

    /** Settings without a loss strategy or input scaler. */
    public ModelSettings(List<Task> tasks, Map<String, String> parameters, long seed) {
        this(tasks, parameters, seed, null, null);
    }

    /** Settings without an input scaler. */
    public ModelSettings(List<Task> tasks, Map<String, String> parameters, long seed, Loss loss) {
        this(tasks, parameters, seed, loss, null);
    }

    public ModelSettings withLoss(Loss l) {
        return new ModelSettings(tasks, parameters, seed, l, inputScaler);
    }

    public ModelSettings withInputScaler(MinMaxScaler s) {
        return new ModelSettings(tasks, parameters, seed, loss, s);
    }

    public String get(String name, String fallback) {
        return parameters.getOrDefault(name, fallback);
    }

    public int getInt(String name, int fallback) {
        String v = parameters.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new StageException("parameter " + name, "not an integer: " + v);
        }
    }

    public double getDouble(String name, double fallback) {
        String v = parameters.get(name);
        try {
            return v == null ? fallback : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new StageException("parameter " + name, "not a number: " + v);
        }
    }
}
