import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.cohort.CohortLoader;
import org.covidmtl.cohort.CohortSources;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.cohort.Scaling;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.covidmtl.models.features.FnnFactory;

/**
 * Deep-learning benchmark, run by run.sh (Java source launcher, the installed jars on the class path).
 * <ul>
 * <li>{@code fnn <data dir> <seed> <runs> [snapshot file]}: fnn-mtl (random-weighted loss, paper defaults:
 * 80 epochs, batch 10, SGD Nesterov) trained on the paper's 930 training rows, {@code runs} times in this JVM;
 * prints the seconds of every fit (the first includes JIT warm-up) and of predicting the 399 test rows (the first
 * call after the last fit, and the fastest of {@link #PREDICTS} calls after it: the RESULT). With a
 * snapshot file it also writes the test predictions and the per-epoch training losses of the last run (full
 * double precision), or, when the file exists, compares with it and prints the largest difference.</li>
 * <li>{@code volume <depth> <size> <batch> <warm-up runs> <timed runs> <infer|train|both>}: the COVID-MTL
 * VOLUME_RADIO network ({@code VolumeRadioNetwork}, reference configuration: Shift3D, dropout 0.3, classes 2/2/3,
 * task weights 0.5/0.3/0.2) on random inputs N(0,1) [batch, 1, depth, size, size] and U[0,1) radiomics [batch, 375];
 * inference = {@code logits} (eval mode), training step = forward, backward and one {@code TorchSgd} step
 * (SGD Nesterov 0.9, weight decay 5e-5); prints the fastest timed run of each. ND4J's threads: OMP_NUM_THREADS.</li>
 * <li>{@code matmul <n> <runs>}: ND4J float32 n×n·n×n ({@code mmul}), fastest of runs, GFLOP/s.</li>
 * </ul>
 */
public final class Bench {
    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "volume" -> volume(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]),
                    Integer.parseInt(a[4]), Integer.parseInt(a[5]), a[6]);
            case "matmul" -> matmul(Integer.parseInt(a[1]), Integer.parseInt(a[2]));
            case "fnn" -> fnn(Path.of(a[1]), Long.parseLong(a[2]), Integer.parseInt(a[3]), a.length > 4 ? Path.of(a[4]) : null);
            default -> throw new IllegalArgumentException("mode " + a[0]);
        }
    }

    static void volume(int depth, int size, int batch, int warm, int runs, String what) {
        org.covidmtl.models.volume.VolumeRadioNetwork net = new org.covidmtl.models.volume.VolumeRadioNetwork(
                org.covidmtl.models.volume.VolumeRadioConfig.reference(depth, size).withTaskWeights(0.5, 0.3, 0.2));
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(61);
        org.nd4j.linalg.api.ndarray.INDArray volume = org.nd4j.linalg.factory.Nd4j.randn(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, 1, depth, size, size);
        org.nd4j.linalg.api.ndarray.INDArray radio = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, 375);
        int[][] labels = new int[3][batch];
        for (int i = 0; i < batch; i++) {
            labels[0][i] = i % 2;
            labels[1][i] = (i + 1) % 2;
            labels[2][i] = i % 3;
        }
        String row = String.format(Locale.ROOT, "volume b%d %dx%dx%d", batch, depth, size, size);
        if (!what.equals("train")) {
            double best = Double.MAX_VALUE;
            for (int r = 0; r < warm + runs; r++) {
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                net.logits(volume, radio);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%s infer run %d: %.3f s (process CPU %.3f s)%n", row, r + 1, s,
                        (cpuNanos() - c0) / 1e9);
                if (r >= warm) {
                    best = Math.min(best, s);
                }
            }
            System.out.printf(Locale.ROOT, "RESULT %s infer %.4f%n", row.replace(' ', '_'), best);
        }
        if (!what.equals("infer")) {
            org.covidmtl.models.volume.TorchSgd sgd = org.covidmtl.models.volume.TorchSgd.reference();
            double best = Double.MAX_VALUE;
            for (int r = 0; r < warm + runs; r++) {
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                double loss = net.trainStep(volume, radio, labels, sgd);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%s train step %d: %.3f s (process CPU %.3f s, loss %.4f)%n", row, r + 1,
                        s, (cpuNanos() - c0) / 1e9, loss);
                if (r >= warm) {
                    best = Math.min(best, s);
                }
            }
            System.out.printf(Locale.ROOT, "RESULT %s train %.4f%n", row.replace(' ', '_'), best);
        }
    }

    /** CPU time of the whole process (all threads, OpenMP's included): less sensitive to other load than wall time. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void matmul(int n, int runs) {
        org.nd4j.linalg.api.ndarray.INDArray a = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        org.nd4j.linalg.api.ndarray.INDArray b = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        org.nd4j.linalg.api.ndarray.INDArray c = org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < runs + 1; r++) {
            long t0 = System.nanoTime();
            a.mmuli(b, c);
            double s = (System.nanoTime() - t0) / 1e9;
            if (r > 0) {
                best = Math.min(best, s);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT matmul %.2f%n", 2.0 * n * n * n / best / 1e9);
    }

    /** Timed inference calls after the fits (both sides): the fastest counts. */
    static final int PREDICTS = 30;

    static void fnn(Path data, long seed, int runs, Path snapshot) throws Exception {
        CohortSplit split = CohortLoader.loadSplit(CohortSources.paper(data), Scaling.NONE, Progress.none());
        Cohort train = split.train();
        Cohort test = split.test();
        List<Double> fits = new ArrayList<>();
        Predictions p = null;
        TrainingHistory h = null;
        double firstPredict = 0;
        Model m = null;
        for (int r = 0; r < runs; r++) {
            m = new FnnFactory(true).create(new ModelSettings(CohortLoader.TASKS, Map.of(), seed,
                    new ModelSettings.Loss("random-weighted", new RandomWeightedLoss(2, false))));
            long t0 = System.nanoTime();
            h = m.fit(train, null, Progress.none());
            fits.add((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            p = m.predict(test, Progress.none());
            firstPredict = (System.nanoTime() - t0) / 1e9;
        }
        // inference at steady state, as peer.py times it: the fastest of PREDICTS calls of the whole
        // Model.predict(Cohort) (column check, scalers, forward pass, Predictions) on the test cohort
        double predictSecs = Double.MAX_VALUE;
        for (int r = 0; r < PREDICTS; r++) {
            long t0 = System.nanoTime();
            m.predict(test, Progress.none());
            predictSecs = Math.min(predictSecs, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "fnn-mtl ours: first predict after the last fit %.4f s, fastest of %d: %.4f s%n",
                firstPredict, PREDICTS, predictSecs);
        StringBuilder s = new StringBuilder();
        for (double f : fits) {
            s.append(String.format(Locale.ROOT, " %.2f", f));
        }
        System.out.printf(Locale.ROOT, "fnn-mtl ours: %d train rows, fit s:%s; predict %d rows %.3f s%n", train.size(), s,
                test.size(), predictSecs);
        System.out.printf(Locale.ROOT, "RESULT fnn-train %.3f%nRESULT fnn-infer %.4f%n",
                fits.stream().mapToDouble(Double::doubleValue).min().getAsDouble(), predictSecs);
        if (snapshot != null) {
            List<String> lines = new ArrayList<>();
            for (var e : p.probabilities().entrySet()) {
                for (double[] row : e.getValue()) {
                    StringBuilder b = new StringBuilder(e.getKey());
                    for (double v : row) {
                        b.append(' ').append(v);
                    }
                    lines.add(b.toString());
                }
            }
            for (TrainingHistory.Epoch e : h.epochs()) {
                lines.add("epoch " + e.epoch() + " " + e.trainLoss());
            }
            if (Files.exists(snapshot)) {
                // compared per task (and the epoch lines), each in row order
                Map<String, List<String[]>> was = group(Files.readAllLines(snapshot));
                Map<String, List<String[]>> now = group(lines);
                if (!was.keySet().equals(now.keySet())) {
                    throw new AssertionError("snapshot has " + was.keySet() + ", now " + now.keySet());
                }
                double maxPred = 0;
                double maxLoss = 0;
                for (String k : was.keySet()) {
                    List<String[]> x = was.get(k);
                    List<String[]> y = now.get(k);
                    if (x.size() != y.size()) {
                        throw new AssertionError(k + ": " + x.size() + " lines in the snapshot, now " + y.size());
                    }
                    for (int i = 0; i < x.size(); i++) {
                        for (int j = k.equals("epoch") ? 2 : 1; j < x.get(i).length; j++) {
                            double d = Math.abs(Double.parseDouble(x.get(i)[j]) - Double.parseDouble(y.get(i)[j]));
                            if (k.equals("epoch")) {
                                maxLoss = Math.max(maxLoss, d);
                            } else {
                                maxPred = Math.max(maxPred, d);
                            }
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "snapshot %s: max |Δ prediction| %.3g, max |Δ epoch train loss| %.3g -> %s%n",
                        snapshot, maxPred, maxLoss, maxPred <= 1e-6 ? "SAME (≤ 1e-6)" : "DIFFERENT");
            } else {
                Files.write(snapshot, lines);
                System.out.println("snapshot written: " + snapshot);
            }
        }
    }

    private static Map<String, List<String[]>> group(List<String> lines) {
        Map<String, List<String[]>> m = new java.util.TreeMap<>();
        for (String l : lines) {
            String[] f = l.split(" ");
            m.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
        }
        return m;
    }
}
