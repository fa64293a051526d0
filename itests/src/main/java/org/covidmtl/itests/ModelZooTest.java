package org.covidmtl.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.felix.service.command.CommandProcessor;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.WeightImport;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageDirectory.Selected;
import org.covidmtl.api.stage.StageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The model zoo in one running container: the models and loss strategies are stage services; an experiment trains
 * a model briefly and saves it; {@code mtl:predict} loads the artifact and answers for real studies; the model
 * bundle is stopped (the next call names what is missing, the container keeps running) and started again (the
 * same artifact answers the same), without a restart.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ModelZooTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    CommandProcessor gogo;

    @InjectService(timeout = 20_000)
    StageDirectory directory;

    @Test
    void aSavedModelPredictsAcrossAStopAndStartOfItsBundle(@TempDir Path tmp) throws Exception {
        Set<String> models = directory.providers(ModelFactory.class, StageProperties.STAGE_MODEL).stream()
                .map(Selected::name).collect(Collectors.toSet());
        assertThat(models).contains("fnn-mtl", "fnn-single", "random-forest", "lightgbm", "covid-mtl");
        assertThat(directory.select(ModelFactory.class, StageProperties.STAGE_MODEL, "covid-mtl").orElseThrow().service())
                .isInstanceOf(WeightImport.class);
        Set<String> losses = directory.providers(LossStrategy.class, StageProperties.STAGE_LOSS).stream()
                .map(Selected::name).collect(Collectors.toSet());
        assertThat(losses).contains("random-weighted", "uncertainty");

        Path data = Path.of(context.getProperty("covidmtl.shared")).resolve("data/covid-mtl").toAbsolutePath();
        Path file = tmp.resolve("zoo.json");
        Files.writeString(file, """
                {
                  "name": "zoo",
                  "data": {
                    "cohort": "%1$s/cohort.csv",
                    "features": "%1$s/radiomics.csv",
                    "train": "%1$s/split-seed11-train.txt",
                    "test": "%1$s/split-seed11-test.txt"
                  },
                  "seeds": [5],
                  "validation": "none",
                  "evaluation": { "bootstrap": 0, "seed": 1, "evaluators": ["auc"] },
                  "runs": [ { "label": "RF", "model": "random-forest", "parameters": { "trees": 30, "threads": 1 } } ]
                }
                """.formatted(data.toString().replace("\\", "/")));
        Gogo.run(gogo, "mtl:experiment run '" + file + "' '" + tmp.resolve("results") + "'");
        Path artifact;
        try (Stream<Path> runs = Files.list(tmp.resolve("results"))) {
            artifact = runs.filter(Files::isDirectory).findFirst().orElseThrow().resolve("models/RF-seed5");
        }
        assertThat(artifact.resolve("model.json")).isRegularFile();

        // two test studies by their raw radiomics.csv rows
        List<String> test = Files.readAllLines(data.resolve("split-seed11-test.txt")).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).limit(2).toList();
        List<String> radiomics = Files.readAllLines(data.resolve("radiomics.csv"));
        List<String> rows = radiomics.stream().skip(1).filter(l -> test.contains(l.substring(0, l.indexOf(','))))
                .toList();
        assertThat(rows).hasSize(2);
        Path csv = tmp.resolve("two.csv");
        Files.write(csv, Stream.concat(Stream.of(radiomics.get(0)), rows.stream()).toList());
        String command = "mtl:predict --features '" + csv + "' '" + artifact + "'";

        String first = Gogo.run(gogo, command);
        List<String> answers = Arrays.stream(first.split("\\R")).filter(l -> l.contains(": covid-ct ")).toList();
        assertThat(answers).as(first).hasSize(2);

        Bundle zoo = Arrays.stream(context.getBundles())
                .filter(b -> "org.covidmtl.models.features".equals(b.getSymbolicName())).findFirst().orElseThrow();
        zoo.stop();
        try {
            assertThatThrownBy(() -> Gogo.run(gogo, command)).hasMessageContaining("random-forest")
                    .hasMessageContaining("no model of that name is registered");
        } finally {
            zoo.start();
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (directory.select(ModelFactory.class, StageProperties.STAGE_MODEL, "random-forest").isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        String again = Gogo.run(gogo, command);
        assertThat(Arrays.stream(again.split("\\R")).filter(l -> l.contains(": covid-ct ")).toList())
                .isEqualTo(answers);
    }
}
