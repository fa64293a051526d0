package org.covidmtl.experiment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;

/**
 * A small but real multitask model for the runner's tests: one softmax regression per task on the features,
 * trained jointly by full-batch gradient descent, task k's gradient scaled by the loss strategy's weight w_k; the
 * combined loss and the strategy's own parameters are updated as {@link TaskWeighting} prescribes. Parameters:
 * {@code epochs} (30), {@code lr} (0.5).
 */
final class SoftmaxMultitask implements ModelFactory {
    @Override
    public Set<ModelInput> inputs() {
        return EnumSet.of(ModelInput.FEATURES);
    }

    @Override
    public boolean multitask() {
        return true;
    }

    @Override
    public Model create(ModelSettings s) {
        int epochs = s.getInt("epochs", 30);
        double lr = s.getDouble("lr", 0.5);
        List<Task> tasks = s.tasks();
        return new Model() {
            double[][][] w; // [task][class][feature + 1]

            @Override
            public TrainingHistory fit(Cohort train, Cohort validation, LossStrategy loss, Progress progress) {
                int d = train.featureNames().size();
                Random r = new Random(s.seed());
                w = new double[tasks.size()][][];
                for (int t = 0; t < tasks.size(); t++) {
                    w[t] = new double[tasks.get(t).classes()][d + 1];
                    for (double[] row : w[t]) {
                        for (int j = 0; j < row.length; j++) {
                            row[j] = 0.01 * r.nextGaussian();
                        }
                    }
                }
                TaskWeighting weighting = loss.start(tasks.size(), s.seed());
                double[][] x = train.featureMatrix();
                List<TrainingHistory.Epoch> epochsOut = new ArrayList<>();
                for (int e = 1; e <= epochs; e++) {
                    progress.checkCanceled();
                    double[] weights = weighting.next();
                    double[] losses = new double[tasks.size()];
                    for (int t = 0; t < tasks.size(); t++) {
                        int[] y = train.labels(train.taskIndex(tasks.get(t).name()));
                        double[][] grad = new double[w[t].length][d + 1];
                        for (int i = 0; i < x.length; i++) {
                            double[] p = softmax(w[t], x[i]);
                            losses[t] -= Math.log(Math.max(1e-12, p[y[i]])) / x.length;
                            for (int k = 0; k < p.length; k++) {
                                double g = (p[k] - (y[i] == k ? 1 : 0)) / x.length;
                                for (int j = 0; j < d; j++) {
                                    grad[k][j] += g * x[i][j];
                                }
                                grad[k][d] += g;
                            }
                        }
                        for (int k = 0; k < grad.length; k++) {
                            for (int j = 0; j <= d; j++) {
                                w[t][k][j] -= lr * weights[t] * grad[k][j];
                            }
                        }
                    }
                    double total = weighting.total(losses);
                    weighting.learn(losses, lr);
                    double val = validation == null ? Double.NaN : loss(validation);
                    epochsOut.add(new TrainingHistory.Epoch(e, lr, total, val, losses, weights));
                    progress.setProgress((double) e / epochs, "epoch " + e);
                }
                return new TrainingHistory(epochsOut);
            }

            double loss(Cohort c) {
                double s2 = 0;
                double[][] x = c.featureMatrix();
                for (int t = 0; t < tasks.size(); t++) {
                    int[] y = c.labels(c.taskIndex(tasks.get(t).name()));
                    for (int i = 0; i < x.length; i++) {
                        s2 -= Math.log(Math.max(1e-12, softmax(w[t], x[i])[y[i]])) / x.length;
                    }
                }
                return s2 / tasks.size();
            }

            @Override
            public Predictions predict(Cohort data, Progress progress) {
                List<String> ids = new ArrayList<>();
                data.cases().forEach(c -> ids.add(c.id()));
                Map<String, double[][]> out = new LinkedHashMap<>();
                double[][] x = data.featureMatrix();
                for (int t = 0; t < tasks.size(); t++) {
                    double[][] p = new double[x.length][];
                    for (int i = 0; i < x.length; i++) {
                        p[i] = softmax(w[t], x[i]);
                    }
                    out.put(tasks.get(t).name(), p);
                }
                return new Predictions(ids, out);
            }
        };
    }

    static double[] softmax(double[][] w, double[] x) {
        double[] z = new double[w.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < w.length; k++) {
            double s = w[k][x.length];
            for (int j = 0; j < x.length; j++) {
                s += w[k][j] * x[j];
            }
            z[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return z;
    }
}
