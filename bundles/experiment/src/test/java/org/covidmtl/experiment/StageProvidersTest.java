package org.covidmtl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.covidmtl.api.evaluation.ModelComparator;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every provider of an experiment comes from the stage directory; a missing one is a typed error naming the file. */
class StageProvidersTest {
    @TempDir
    Path tmp;

    private ExperimentSpec spec(String evaluation) throws IOException {
        Path f = tmp.resolve("p.json");
        Files.writeString(f, "{\"name\": \"p\", " + ExperimentSpecTest.DATA + ", \"evaluation\": " + evaluation
                + ", \"runs\": [{\"model\": \"random-forest\", \"loss\": [\"mean\", \"default\"]}]}");
        return ExperimentSpec.read(f);
    }

    @Test
    void namedProvidersByNameAndTheRestAsTheStageSelects() throws IOException {
        TestDirectory d = TestDirectory.platform();
        d.setDefault("loss", "uncertainty");
        StageProviders p = StageProviders.of(spec("{\"evaluators\": [\"auc\", \"accuracy\"]}"), d);
        assertThat(p.models()).containsOnlyKeys("random-forest");
        assertThat(p.losses().get("default").name()).isEqualTo("uncertainty");
        assertThat(p.losses().get("mean").name()).isEqualTo("mean");
        assertThat(p.evaluators()).containsOnlyKeys("auc", "accuracy");
        assertThat(p.comparator().name()).isEqualTo("delong");
        assertThat(p.choices()).containsExactly("loss \"default\" is uncertainty", "comparator is delong");
    }

    @Test
    void theComparatorCanBeNamedOrLeftOut() throws IOException {
        ModelComparator other = (task, truth, a, b) -> List.of();
        TestDirectory d = TestDirectory.platform().register("evaluator", "other", 5, other);
        assertThat(StageProviders.of(spec("{}"), d).comparator().name()).isEqualTo("other"); // best ranked
        assertThat(StageProviders.of(spec("{\"comparator\": \"delong\"}"), d).comparator().name()).isEqualTo("delong");
        assertThat(StageProviders.of(spec("{\"comparator\": \"none\"}"), d).comparator()).isNull();
        assertThatThrownBy(() -> StageProviders.of(spec("{\"comparator\": \"bonferroni\"}"), d)).isInstanceOf(
                StageException.class).hasMessageContaining("p.json evaluation.comparator: no comparator service named "
                        + "bonferroni (registered: other, delong)");
    }

    @Test
    void withoutEvaluatorsOrComparatorTheRunIsRefusedNotServedByBuiltIns() throws IOException {
        TestDirectory none = TestDirectory.platform();
        Evaluators.all(BootstrapSettings.NONE).keySet().forEach(n -> none.unregister("evaluator", n));
        assertThatThrownBy(() -> StageProviders.of(spec("{}"), none)).isInstanceOf(StageException.class)
                .hasMessageContaining("p.json evaluation.evaluators: no evaluator is registered (stage evaluator)");
        TestDirectory someMissing = TestDirectory.platform().unregister("evaluator", "calibration");
        assertThatThrownBy(() -> StageProviders.of(spec("{}"), someMissing)).hasMessageContaining(
                "no evaluator service named calibration (registered: accuracy, weighted-prf, auc, paper-auc, confusion)");
        TestDirectory noComparator = TestDirectory.platform().unregister("evaluator", "delong");
        assertThatThrownBy(() -> StageProviders.of(spec("{}"), noComparator)).hasMessageContaining(
                "evaluation.comparator: no comparator is registered (stage evaluator); set it to \"none\"");
        TestDirectory noLoss = TestDirectory.platform().unregister("loss", "mean");
        assertThatThrownBy(() -> StageProviders.of(spec("{}"), noLoss)).hasMessageContaining(
                "p.json runs: no loss service named mean (registered: uncertainty)");
    }
}
