package org.covidmtl.experiment.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.evaluation.Comparison;
import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.api.evaluation.Metric;
import org.covidmtl.api.evaluation.ModelComparator;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;
import org.covidmtl.experiment.ExperimentRunnerTestAccess;
import org.covidmtl.experiment.JsonFiles;
import org.covidmtl.experiment.TestDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gogo command's own logic outside a framework: every provider from a stage directory (as the container's),
 * selected by covidmtl.name or as the stage's default; run, compare and analyze output; a provider swapped between
 * two runs serves the second.
 */
class ExperimentCommandTest {
    @TempDir
    Path tmp;

    static Path experiment(Path dir, String name, String tasks, String evaluation, String runs) throws IOException {
        String d = ExperimentRunnerTestAccess.shared().resolve("data/covid-mtl").toString();
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, "{\"name\": \"" + name + "\", \"data\": {\"cohort\": \"" + d + "/cohort.csv\", "
                + "\"features\": \"" + d + "/radiomics.csv\", \"train\": \"" + d + "/split-seed11-train.txt\", "
                + "\"test\": \"" + d + "/split-seed11-test.txt\"}, \"tasks\": " + tasks + ", \"evaluation\": "
                + evaluation + ", \"runs\": " + runs + "}");
        return file;
    }

    @Test
    void runTakesEveryProviderFromTheStageDirectoryThenCompares() throws Exception {
        Path file = experiment(tmp, "cmd", "[\"covid-nat\"]", "{\"bootstrap\": 0}", "[{\"label\": \"RF\", "
                + "\"model\": \"random-forest\", \"parameters\": {\"trees\": 50}}, {\"label\": \"mtl\", "
                + "\"model\": \"softmax-mtl\", \"loss\": \"default\", \"parameters\": {\"epochs\": 3, \"lr\": 0.05}}]");
        ExperimentCommand cmd = new ExperimentCommand();
        TestDirectory directory = TestDirectory.platform();
        directory.setDefault("loss", "uncertainty");
        cmd.directory = directory;
        Path results = tmp.resolve("results");
        String out = capture(() -> cmd.experiment("run", file.toString(), results.toString()));
        assertThat(out).contains("loss \"default\" is uncertainty").contains("comparator is delong").contains(
                "evaluators: accuracy, weighted-prf, auc, paper-auc, calibration, confusion; comparator: delong")
                .contains("scaling: train-only").contains("mtl/uncertainty").contains("results: " + results
                        .toAbsolutePath());
        Path folder;
        try (var s = Files.list(results)) {
            folder = s.findFirst().orElseThrow();
        }
        assertThat(folder.resolve("report.html")).isRegularFile();
        String table = capture(() -> cmd.experiment("compare", folder.toString(), folder.toString()));
        assertThat(table).contains("mtl/uncertainty").contains("RF").contains("covid-nat").contains("train-only");

        Path analysis = tmp.resolve("analysis");
        String an = capture(() -> cmd.experiment("analyze", file.toString(), analysis.toString(), "covid-nat"));
        assertThat(an).contains("Welch's ANOVA over covid-nat groups, 1329 studies");
        assertThat(analysis.resolve("heatmap-covid-nat.png")).isRegularFile();

        directory.unregister("model", "random-forest");
        assertThatThrownBy(() -> cmd.experiment("run", file.toString(), results.toString())).isInstanceOf(
                StageException.class).hasMessageContaining("no model service named random-forest (registered: "
                        + "softmax-mtl)");
        cmd.directory = null;
        assertThatThrownBy(() -> cmd.experiment("run", file.toString(), results.toString())).isInstanceOf(
                StageException.class).hasMessageContaining("stage directory service is not available");
        assertThatThrownBy(() -> cmd.experiment("jump")).hasMessageContaining("unknown action jump");
    }

    @Test
    void aProviderSwappedBetweenTwoRunsServesTheSecond() throws Exception {
        Path file = experiment(tmp, "swap", "[\"covid-ct\"]", "{\"bootstrap\": 0, \"evaluators\": [\"auc\"]}",
                "[{\"label\": \"RF-a\", \"model\": \"random-forest\", \"seeds\": [1], \"parameters\": "
                        + "{\"trees\": 20}}, {\"label\": \"RF-b\", \"model\": \"random-forest\", \"seeds\": [2], "
                        + "\"parameters\": {\"trees\": 20}}]");
        ExperimentCommand cmd = new ExperimentCommand();
        TestDirectory directory = TestDirectory.platform();
        cmd.directory = directory;
        capture(() -> cmd.experiment("run", file.toString(), tmp.resolve("first").toString()));

        // another bundle's comparator becomes the stage default (mtl:use evaluator always-half), and the "auc"
        // evaluator is replaced by another provider of the same name (1 - AUC, so that it is told apart)
        ModelComparator alwaysHalf = (task, truth, a, b) -> List.of(new Comparison("auc", 0, 0, 0, 0.5));
        directory.register("evaluator", "always-half", alwaysHalf);
        directory.setDefault("evaluator", "always-half");
        Evaluator auc = Evaluators.auc(BootstrapSettings.NONE);
        directory.unregister("evaluator", "auc").register("evaluator", "auc", (Evaluator) (task, truth, p) -> List.of(
                Metric.of("auc", 1 - auc.evaluate(task, truth, p).get(0).value())));
        String out = capture(() -> cmd.experiment("run", file.toString(), tmp.resolve("second").toString()));
        assertThat(out).contains("comparator is always-half").contains("comparator: always-half");

        Path first = onlyFolder(tmp.resolve("first"));
        Path second = onlyFolder(tmp.resolve("second"));
        assertThat(provenance(first).get("comparator")).isEqualTo("delong");
        assertThat(provenance(second).get("comparator")).isEqualTo("always-half");
        assertThat(Files.readAllLines(first.resolve("comparisons.csv"))).hasSize(2).element(1).asString().startsWith(
                "covid-ct,RF-a,RF-b,auc,0.");
        assertThat(Files.readAllLines(second.resolve("comparisons.csv"))).containsExactly(
                "task,a,b,metric,value_a,value_b,statistic,p", "covid-ct,RF-a,RF-b,auc,0.0,0.0,0.0,0.5");
        double aucFirst = auc(first, "RF-a");
        assertThat(aucFirst).isGreaterThan(0.8);
        assertThat(auc(second, "RF-a")).isCloseTo(1 - aucFirst, org.assertj.core.data.Offset.offset(1e-12));
    }

    private static Path onlyFolder(Path results) throws IOException {
        try (var s = Files.list(results)) {
            List<Path> all = s.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> provenance(Path folder) {
        return (Map<String, Object>) JsonFiles.read(folder.resolve("provenance.json"));
    }

    private static double auc(Path folder, String configuration) throws IOException {
        String line = Files.readAllLines(folder.resolve("metrics.csv")).stream().filter(l -> l.startsWith(
                configuration + ",") && l.contains(",auc,")).findFirst().orElseThrow();
        return Double.parseDouble(line.split(",")[7]);
    }

    interface Action {
        void run() throws Exception;
    }

    static String capture(Action a) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            a.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
