package org.covidmtl.experiment.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageInfo;
import org.covidmtl.loss.mean.MeanLoss;
import org.covidmtl.loss.uncertainty.UncertaintyWeightedLoss;
import org.covidmtl.models.features.RandomForestFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gogo command's own logic outside a framework: services handed in as DS would (tuples of properties and
 * service), selection by covidmtl.name, "default" through the stage directory, run and compare output.
 */
class ExperimentCommandTest {
    @TempDir
    Path tmp;

    static <S> Map.Entry<Map<String, Object>, S> service(String stage, String name, S s) {
        return new AbstractMap.SimpleEntry<>(Map.of("covidmtl.stage", stage, "covidmtl.name", name), s);
    }

    /** A directory whose default loss is fixed: the platform's StageDirectory is another bundle's. */
    static StageDirectory directoryWithDefault(String name, LossStrategy loss) {
        return new StageDirectory() {
            @Override
            public List<StageInfo> stages() {
                return List.of();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <S> Optional<Selected<S>> select(Class<S> type, String stage) {
                return type == LossStrategy.class && stage.equals("loss") ? Optional.of(new Selected<>(name, (S) loss,
                        false)) : Optional.empty();
            }

            @Override
            public <S> Optional<Selected<S>> select(Class<S> type, String stage, String n) {
                return n.equals(name) ? select(type, stage) : Optional.empty();
            }

            @Override
            public <S> List<Selected<S>> providers(Class<S> type, String stage) {
                return select(type, stage).stream().toList();
            }

            @Override
            public void setDefault(String stage, String n) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<String> configuredDefault(String stage) {
                return Optional.of(name);
            }
        };
    }

    @Test
    void runResolvesServicesByNameAndDefaultLossThenCompares() throws Exception {
        Path shared = org.covidmtl.experiment.ExperimentRunnerTestAccess.shared();
        String d = shared.resolve("data/covid-mtl").toString();
        Path file = tmp.resolve("cmd.json");
        Files.writeString(file, "{\"name\": \"cmd\", \"data\": {\"cohort\": \"" + d + "/cohort.csv\", \"features\": \"" + d
                + "/radiomics.csv\", \"train\": \"" + d + "/split-seed11-train.txt\", \"test\": \"" + d
                + "/split-seed11-test.txt\"}, \"tasks\": [\"covid-nat\"], \"evaluation\": {\"bootstrap\": 0},"
                + " \"runs\": [{\"label\": \"RF\", \"model\": \"random-forest\", \"parameters\": {\"trees\": 50}},"
                + " {\"label\": \"mtl\", \"model\": \"softmax-mtl\", \"loss\": \"default\","
                + " \"parameters\": {\"epochs\": 3, \"lr\": 0.05}}]}");
        ExperimentCommand cmd = new ExperimentCommand();
        cmd.models = List.of(service("model", "random-forest", (ModelFactory) new RandomForestFactory()), service(
                "model", "softmax-mtl", org.covidmtl.experiment.ExperimentRunnerTestAccess.softmax()));
        cmd.losses = List.of(service("loss", "mean", (LossStrategy) new MeanLoss()));
        cmd.evaluators = List.of();
        cmd.comparators = List.of();
        cmd.directory = directoryWithDefault("uncertainty", new UncertaintyWeightedLoss(0, 1));
        Path results = tmp.resolve("results");
        String out = capture(() -> cmd.experiment("run", file.toString(), results.toString()));
        assertThat(out).contains("loss \"default\" is uncertainty").contains("scaling: train-only").contains(
                "mtl/uncertainty").contains("results: " + results.toAbsolutePath());
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

        cmd.models = List.of();
        assertThatThrownBy(() -> cmd.experiment("run", file.toString(), results.toString())).isInstanceOf(
                StageException.class).hasMessageContaining("no model service named random-forest");
        assertThatThrownBy(() -> cmd.experiment("jump")).hasMessageContaining("unknown action jump");
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
