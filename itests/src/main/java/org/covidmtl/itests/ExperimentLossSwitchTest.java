package org.covidmtl.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.felix.service.command.CommandProcessor;
import org.covidmtl.api.stage.StageDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * One container, one experiment set-up whose loss is "default": run it, switch the loss stage with
 * {@code mtl:use}, run it again; the second run trains with the other strategy (real cohort, real
 * fnn-mtl, few epochs).
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ExperimentLossSwitchTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    CommandProcessor gogo;

    @InjectService(timeout = 20_000)
    StageDirectory directory;

    @Test
    void mtlUseSwitchesTheLossOfTheNextRun(@TempDir Path tmp) throws Exception {
        Path data = Path.of(context.getProperty("covidmtl.shared")).resolve("data/covid-mtl").toAbsolutePath();
        Path file = tmp.resolve("switch.json");
        Files.writeString(file, """
                {
                  "name": "loss-switch",
                  "data": {
                    "cohort": "%1$s/cohort.csv",
                    "features": "%1$s/radiomics.csv",
                    "train": "%1$s/split-seed11-train.txt",
                    "test": "%1$s/split-seed11-test.txt",
                    "scaling": "train-only"
                  },
                  "tasks": ["covid-ct", "covid-nat", "severity"],
                  "seeds": [3],
                  "validation": "none",
                  "evaluation": { "bootstrap": 0, "seed": 1, "evaluators": ["auc", "paper-auc"] },
                  "runs": [ { "label": "fnn-mtl", "model": "fnn-mtl", "loss": "default", "parameters": { "epochs": "3" } } ]
                }
                """.formatted(data.toString().replace("\\", "/")));

        Gogo.run(gogo, "mtl:use loss random-weighted");
        String first = Gogo.run(gogo, "mtl:experiment run '" + file + "' '" + tmp.resolve("first") + "'");
        assertThat(first).contains("loss \"default\" is random-weighted");

        Gogo.run(gogo, "mtl:use loss uncertainty");
        String second = Gogo.run(gogo, "mtl:experiment run '" + file + "' '" + tmp.resolve("second") + "'");
        assertThat(second).contains("loss \"default\" is uncertainty");

        Path firstRun = resultFolder(tmp.resolve("first"));
        Path secondRun = resultFolder(tmp.resolve("second"));
        String provenanceFirst = Files.readString(firstRun.resolve("provenance.json"));
        String provenanceSecond = Files.readString(secondRun.resolve("provenance.json"));
        assertThat(provenanceFirst).containsPattern("\"loss\" *: *\"random-weighted\"").doesNotContain("\"uncertainty\"");
        assertThat(provenanceSecond).containsPattern("\"loss\" *: *\"uncertainty\"").doesNotContain("\"random-weighted\"");

        List<String> firstMetrics = Files.readAllLines(firstRun.resolve("metrics.csv"));
        List<String> secondMetrics = Files.readAllLines(secondRun.resolve("metrics.csv"));
        assertThat(firstMetrics).anyMatch(l -> l.contains("random-weighted") && l.contains("covid-ct"));
        assertThat(secondMetrics).anyMatch(l -> l.contains("uncertainty") && l.contains("covid-ct"));
        // the same seed and data, another loss: other predictions
        assertThat(predictions(firstRun)).isNotEqualTo(predictions(secondRun));

        Gogo.run(gogo, "mtl:use loss random-weighted");
    }

    /** The one result folder the runner made under a results root. */
    private static Path resultFolder(Path root) throws Exception {
        try (Stream<Path> dirs = Files.list(root)) {
            List<Path> runs = dirs.filter(d -> Files.isRegularFile(d.resolve("provenance.json"))).toList();
            assertThat(runs).hasSize(1);
            return runs.get(0);
        }
    }

    private static List<String> predictions(Path results) throws Exception {
        try (Stream<Path> files = Files.list(results.resolve("predictions"))) {
            Path only = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
            return Files.readAllLines(only).stream().skip(1).toList();
        }
    }
}
