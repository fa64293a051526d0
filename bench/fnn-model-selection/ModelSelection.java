import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.cohort.CohortLoader;
import org.covidmtl.cohort.CohortSources;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.cohort.Scaling;
import org.covidmtl.evaluation.Auc;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.covidmtl.models.features.FnnFactory;

/**
 * Chooses fnn-mtl hyper-parameters by stratified k-fold cross-validation on the paper's TRAINING split only
 * (the test split is never read), with the random-weighted loss. Prints, per candidate, the mean exact AUC per
 * task over the folds and the mean over tasks; the best mean over tasks is the choice.
 * Usage: java -cp CP ModelSelection.java DATA_DIR THREADS FOLDS SEED name:key=value,key=value ...
 */
public class ModelSelection {
    public static void main(String[] a) throws Exception {
        Path data = Path.of(a[0]);
        int threads = Integer.parseInt(a[1]);
        int folds = Integer.parseInt(a[2]);
        long seed = Long.parseLong(a[3]);
        Map<String, Map<String, String>> candidates = new LinkedHashMap<>();
        for (int i = 4; i < a.length; i++) {
            String[] nv = a[i].split(":", 2);
            Map<String, String> p = new LinkedHashMap<>();
            if (nv.length > 1 && !nv[1].isBlank()) {
                for (String kv : nv[1].split(",")) {
                    String[] s = kv.split("=", 2);
                    p.put(s[0].trim(), s[1].trim());
                }
            }
            candidates.put(nv[0], p);
        }
        // unscaled: the model scales on the rows it is trained on
        Cohort train = CohortLoader.loadSplit(CohortSources.paper(data), Scaling.NONE, Progress.none()).train();
        int n = train.size();
        int[] ct = train.labels(0);
        // stratified by COVID-CT label: shuffle each class, deal rows round-robin into folds
        int[] fold = new int[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int cls = 0; cls <= 1; cls++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (ct[i] == cls) {
                    rows.add(i);
                }
            }
            for (int i = rows.size() - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                Integer t = rows.get(i);
                rows.set(i, rows.get(j));
                rows.set(j, t);
            }
            for (int i = 0; i < rows.size(); i++) {
                fold[rows.get(i)] = (i + cls) % folds;
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<String, List<Future<double[]>>> results = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (Map.Entry<String, Map<String, String>> c : candidates.entrySet()) {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int f = 0; f < folds; f++) {
                List<String> in = new ArrayList<>();
                List<String> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    (fold[i] == f ? out : in).add(train.cases().get(i).id());
                }
                Cohort fit = train.subset("fold" + f + "-fit", in);
                Cohort val = train.subset("fold" + f + "-val", out);
                long s = seed + f;
                fs.add(pool.submit(() -> {
                    Model m = new FnnFactory(true).create(new ModelSettings(train.tasks(), c.getValue(), s));
                    m.fit(fit, null, new RandomWeightedLoss(2, false), Progress.none());
                    var p = m.predict(val, Progress.none());
                    double[] auc = new double[3];
                    for (int k = 0; k < 3; k++) {
                        auc[k] = Auc.exactTask(val.labels(k), p.probabilities().get(train.tasks().get(k).name()));
                    }
                    return auc;
                }));
            }
            results.put(c.getKey(), fs);
        }
        System.out.printf("%d-fold stratified CV on the %d training studies (test split unused), seed %d%n", folds, n, seed);
        System.out.printf("%-14s %-44s %8s %8s %8s %8s%n", "candidate", "parameters", "CT", "NAT", "severity", "mean");
        String best = null;
        double bestMean = -1;
        for (Map.Entry<String, List<Future<double[]>>> e : results.entrySet()) {
            double[] sum = new double[3];
            for (Future<double[]> f : e.getValue()) {
                double[] v = f.get();
                for (int k = 0; k < 3; k++) {
                    sum[k] += v[k] / folds;
                }
            }
            double mean = (sum[0] + sum[1] + sum[2]) / 3;
            if (mean > bestMean) {
                bestMean = mean;
                best = e.getKey();
            }
            System.out.printf("%-14s %-44s %8.4f %8.4f %8.4f %8.4f%n", e.getKey(), candidates.get(e.getKey()), sum[0],
                    sum[1], sum[2], mean);
        }
        pool.shutdown();
        System.out.printf("best by mean CV AUC: %s %s (%.0f s)%n", best, candidates.get(best), (System.nanoTime() - t0) / 1e9);
    }
}
