package org.covidmtl.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.models.features.FnnFactory;
import org.covidmtl.models.features.LightGbmFactory;
import org.covidmtl.models.features.RandomForestFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped config/experiments/paper-features.json, with the platform's real models and loss strategies, cut
 * down to fit a unit-test budget: one seed, fewer trees / boosting rounds / epochs. Everything else (data, split,
 * scaling, evaluators, the three loss strategies of fnn-mtl, feature analysis) is as shipped.
 */
class PaperExperimentTest {
    @TempDir
    Path tmp;

    @Test
    void paperFeaturesExperimentRunsEndToEnd() throws Exception {
        TestData.ensureSharedProperty();
        ExperimentSpec shipped = ExperimentSpec.read(ExperimentSpecTest.paperFile());
        List<ExperimentSpec.Run> runs = new ArrayList<>();
        for (ExperimentSpec.Run r : shipped.runs()) {
            Map<String, String> p = new LinkedHashMap<>(r.parameters());
            switch (r.model()) {
            case "random-forest" -> p.put("trees", "300");
            case "lightgbm" -> {
                p.put("n-estimators", "300");
                p.put("threads", "1"); // OpenMP spinning on a shared 2-core machine is pathological
            }
            case "fnn-mtl" -> {
                p.put("epochs", "4");
                p.put("batch-size", "30");
            }
            default -> throw new AssertionError(r.model());
            }
            runs.add(new ExperimentSpec.Run(r.label(), r.model(), r.losses(), List.of(11L), p, r.paper()));
        }
        ExperimentSpec spec = new ExperimentSpec(shipped.file(), shipped.name(), shipped.description(), shipped
                .sources(), shipped.scaling(), shipped.tasks(), shipped.validation(), 200, shipped.bootstrapSeed(),
                shipped.evaluators(), shipped.analysis(), runs, shipped.raw());
        Map<String, ModelFactory> models = new LinkedHashMap<>();
        models.put("random-forest", new RandomForestFactory());
        models.put("lightgbm", new LightGbmFactory());
        models.put("fnn-mtl", new FnnFactory(true));
        CohortSplit data = ExperimentRunner.loadData(spec, Progress.none());
        long t0 = System.nanoTime();
        Progress log = new Progress() {
            String last = "";

            @Override
            public void setProgress(double fraction, String message) {
                if (message != null && (message.startsWith("training") || message.startsWith("predicting"))
                        && !message.equals(last)) {
                    last = message;
                    System.out.printf("%6.1f s %s%n", (System.nanoTime() - t0) / 1e9, message);
                }
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
        ExperimentRunner.Result r = new ExperimentRunner().run(spec, BuiltIn.inputs(spec, data, models,
                ExperimentRunnerTest.losses()), tmp, log);
        System.out.printf("paper-features (1 seed; RF 300 trees, LightGBM 300 rounds, fnn-mtl 4 epochs of batch 30) in %.0f s%n",
                (System.nanoTime() - t0) / 1e9);
        System.out.print(r.paperTable());
        Map<String, Double> auc = new LinkedHashMap<>();
        for (ExperimentRunner.SummaryRow s : r.summary()) {
            if (s.metric().equals("auc-paper")) {
                auc.put(s.configuration() + " " + s.task(), s.mean());
            }
        }
        // the paper: RF 0.913 / 0.819, LightGBM 0.921 / 0.803, fnn-mtl 0.886 / 0.802 / 0.741 (80 epochs)
        assertThat(auc.get("RF covid-ct")).isBetween(0.88, 0.95);
        assertThat(auc.get("RF covid-nat")).isBetween(0.78, 0.86);
        assertThat(auc.get("LightGBM covid-ct")).isBetween(0.87, 0.95);
        assertThat(auc.get("LightGBM covid-nat")).isBetween(0.76, 0.86);
        for (String loss : List.of("random-weighted", "uncertainty", "mean")) {
            // far from converged after 4 short epochs, but clearly learning
            assertThat(auc.get("fnn-mtl/" + loss + " covid-ct")).as(loss).isGreaterThan(0.70);
            assertThat(auc.get("fnn-mtl/" + loss + " covid-nat")).as(loss).isGreaterThan(0.60);
        }
        assertThat(r.folder().resolve("loss-curves.png")).isRegularFile();
        assertThat(r.folder().resolve("importance/LightGBM-gain.png")).isRegularFile();
        assertThat(Files.readString(r.folder().resolve("report.html"))).contains("fnn-mtl/uncertainty");
        String keep = System.getProperty("covidmtl.keepResults");
        if (keep != null) {
            try (var s = Files.walk(r.folder())) {
                for (Path p : s.toList()) {
                    Path q = Path.of(keep).resolve(r.folder().getFileName()).resolve(r.folder().relativize(p)
                            .toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(q);
                    } else {
                        Files.copy(p, q);
                    }
                }
            }
        }
    }
}
