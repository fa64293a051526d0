package org.covidmtl.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelDescriptor;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.ArtifactManifest;
import org.covidmtl.models.artifact.Artifacts;
import org.covidmtl.models.artifact.TrainingData;
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
    static final ModelDescriptor DESCRIPTOR = new ModelDescriptor("softmax-mtl", "1.0.0",
            EnumSet.of(ModelInput.FEATURES), true, "softmax regression per task, trained jointly (tests)");

    @Override
    public ModelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Model load(Path artifact) {
        ArtifactManifest m = Artifacts.open(artifact, DESCRIPTOR);
        SoftmaxModel model = new SoftmaxModel(new ModelSettings(m.schema().tasks(), m.parameters(), m.seed()));
        model.features = m.schema().features();
        try {
            List<String> lines = Files.readAllLines(artifact.resolve("weights.txt"));
            int at = 0;
            model.w = new double[model.tasks.size()][][];
            int d = model.features.size();
            for (int t = 0; t < model.tasks.size(); t++) {
                model.w[t] = new double[model.tasks.get(t).classes()][d + 1];
                for (double[] row : model.w[t]) {
                    for (int j = 0; j <= d; j++) {
                        row[j] = Double.parseDouble(lines.get(at++));
                    }
                }
            }
            if (Files.exists(artifact.resolve("scaler.txt"))) {
                List<String> sc = Files.readAllLines(artifact.resolve("scaler.txt"));
                double[] min = new double[d];
                double[] max = new double[d];
                for (int j = 0; j < d; j++) {
                    min[j] = Double.parseDouble(sc.get(j));
                    max[j] = Double.parseDouble(sc.get(d + j));
                }
                model.scaler = org.covidmtl.api.cohort.MinMaxScaler.of(min, max);
            }
        } catch (IOException | RuntimeException e) {
            throw new ModelArtifactException(artifact.resolve("weights.txt").toString(), "unreadable: " + e, e);
        }
        return model;
    }

    @Override
    public Model create(ModelSettings s) {
        return new SoftmaxModel(s);
    }

    static final class SoftmaxModel implements Model {
        final ModelSettings s;
        final int epochs;
        final double lr;
        final List<Task> tasks;
        double[][][] w; // [task][class][feature + 1]
        List<String> features;
        String trainingData;
        org.covidmtl.api.cohort.MinMaxScaler scaler;

        SoftmaxModel(ModelSettings s) {
            this.s = s;
            this.scaler = s.inputScaler();
            this.epochs = s.getInt("epochs", 30);
            this.lr = s.getDouble("lr", 0.5);
            this.tasks = s.tasks();
        }

            @Override
            public TrainingHistory fit(Cohort train, Cohort validation, Progress progress) {
                LossStrategy loss = s.loss().strategy();
                features = train.featureNames();
                trainingData = TrainingData.describe(train);
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

            @Override
            public Prediction predict(Study study) {
                double[] x = new double[features.size()];
                for (int j = 0; j < x.length; j++) {
                    Double v = study.features().get(features.get(j));
                    if (v == null) {
                        throw new StageException("study " + study.id(), "feature " + features.get(j) + " missing");
                    }
                    x[j] = v;
                }
                if (scaler != null) {
                    x = scaler.transform(x);
                }
                Map<String, double[]> p = new LinkedHashMap<>();
                for (int t = 0; t < tasks.size(); t++) {
                    p.put(tasks.get(t).name(), softmax(w[t], x));
                }
                return new Prediction(study.id(), "softmax-mtl 1.0.0", p, List.of());
            }

            @Override
            public ModelSchema schema() {
                if (w == null) {
                    throw new IllegalStateException("not trained");
                }
                return new ModelSchema(DESCRIPTOR.name(), DESCRIPTOR.version(), tasks, features, List.of(), null);
            }

            @Override
            public void save(Path artifact) {
                StringBuilder b = new StringBuilder();
                for (double[][] task : w) {
                    for (double[] row : task) {
                        for (double v : row) {
                            b.append(v).append('\n');
                        }
                    }
                }
                StringBuilder sc = new StringBuilder();
                if (scaler != null) {
                    for (double v : scaler.min()) {
                        sc.append(v).append('\n');
                    }
                    for (double v : scaler.max()) {
                        sc.append(v).append('\n');
                    }
                }
                Artifacts.write(artifact, new ArtifactManifest(schema(), s.parameters(), s.seed(),
                        s.loss() == null ? null : s.loss().name(), trainingData == null ? "loaded" : trainingData,
                        java.time.Instant.now().toString(), Map.of(), Map.of()), dir -> {
                            Files.writeString(dir.resolve("weights.txt"), b);
                            if (scaler != null) {
                                Files.writeString(dir.resolve("scaler.txt"), sc);
                            }
                        });
            }
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
