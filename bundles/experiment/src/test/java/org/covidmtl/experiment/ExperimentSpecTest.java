package org.covidmtl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.covidmtl.api.stage.StageException;
import org.covidmtl.cohort.Scaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSpecTest {
    @TempDir
    Path tmp;

    static Path paperFile() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("config/experiments/paper-features.json");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IllegalStateException("config/experiments/paper-features.json not found");
    }

    @Test
    void shippedPaperExperimentParses() {
        TestData.ensureSharedProperty();
        ExperimentSpec s = ExperimentSpec.read(paperFile());
        assertThat(s.name()).isEqualTo("paper-features");
        assertThat(s.scaling()).isEqualTo(Scaling.TRAIN);
        assertThat(s.tasks()).containsExactly("covid-ct", "covid-nat", "severity");
        assertThat(s.modelNames()).containsExactly("random-forest", "lightgbm", "fnn-mtl");
        assertThat(s.lossNames()).containsExactly("random-weighted", "uncertainty", "mean");
        assertThat(s.runs()).allSatisfy(r -> assertThat(r.seeds()).containsExactly(11L, 12L, 13L, 14L, 15L));
        assertThat(s.runs().get(0).parameters()).containsEntry("trees", "1000");
        assertThat(s.runs().get(0).paper()).containsEntry("covid-ct", 0.913).containsEntry("covid-nat", 0.819);
        assertThat(s.runs().get(2).paper()).containsEntry("severity", 0.741);
        assertThat(s.runs().get(2).configurations()).containsExactly("fnn-mtl/random-weighted", "fnn-mtl/uncertainty",
                "fnn-mtl/mean");
        for (Path f : s.sources().files()) {
            assertThat(f).isRegularFile();
        }
    }

    @Test
    void shippedReferenceScalingExperimentParses() {
        TestData.ensureSharedProperty();
        ExperimentSpec s = ExperimentSpec.read(paperFile().resolveSibling("paper-features-reference.json"));
        assertThat(s.scaling()).isEqualTo(Scaling.REFERENCE);
        assertThat(s.runs().get(2).parameters()).containsEntry("reference-scaling", "true");
        assertThat(s.runs()).hasSize(3);
    }

    private Path write(String json) throws IOException {
        Path f = tmp.resolve("e.json");
        Files.writeString(f, json);
        return f;
    }

    static final String DATA = "\"data\": {\"cohort\": \"c.csv\", \"train\": \"tr.txt\", \"test\": \"te.txt\"}";

    @Test
    void relativePathsResolveAgainstTheFileAndDefaultsApply() throws IOException {
        ExperimentSpec s = ExperimentSpec.read(write("{\"name\": \"x\", " + DATA
                + ", \"runs\": [{\"model\": \"random-forest\", \"loss\": \"default\"}]}"));
        assertThat(s.sources().labels()).isEqualTo(tmp.resolve("c.csv"));
        assertThat(s.sources().features()).isNull();
        assertThat(s.runs().get(0).label()).isEqualTo("random-forest");
        assertThat(s.runs().get(0).losses()).containsExactly("default");
        assertThat(s.runs().get(0).seeds()).containsExactly(11L);
        assertThat(s.evaluators()).isEqualTo(ExperimentSpec.ALL_EVALUATORS);
        assertThat(s.bootstrap()).isEqualTo(1000);
    }

    @Test
    void mistakesAreReportedWithTheirPlace() throws IOException {
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\", " + DATA
                + ", \"runs\": [{\"model\": \"m\", \"seed\": [1]}]}"))).isInstanceOf(StageException.class)
                .hasMessageContaining("runs[0].seed").hasMessageContaining("unknown member");
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\", " + DATA.replace("}", ", \"scaling\": \"z\"}")
                + ", \"runs\": [{\"model\": \"m\"}]}"))).hasMessageContaining("data.scaling");
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\", " + DATA
                + ", \"runs\": [{\"model\": \"m\"}, {\"model\": \"m\"}]}"))).hasMessageContaining("duplicate label m");
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\", \"data\": {\"cohort\": "
                + "\"${no.such.variable.here}/c.csv\", \"train\": \"a\", \"test\": \"b\"}, \"runs\": [{\"model\": \"m\"}]}")))
                .hasMessageContaining("data.cohort").hasMessageContaining("${no.such.variable.here}");
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\", " + DATA + ", \"runs\": []}")))
                .hasMessageContaining("no runs");
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\" " + DATA + "}")))
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\", " + DATA
                + ", \"evaluation\": {\"comparator\": 3}, \"runs\": [{\"model\": \"m\"}]}")))
                .isInstanceOf(StageException.class).hasMessageContaining("evaluation.comparator: must be a string");
        assertThat(List.of()).isEmpty();
    }

    @Test
    void malformedJsonIsATypedOneLineErrorWithLineAndColumn() throws IOException {
        Path f = write("{\"name\": \"x\",\n " + DATA + ",\n \"runs\": [{\"model\": \"m\",}]\n}");
        assertThatThrownBy(() -> ExperimentSpec.read(f)).isInstanceOf(StageException.class)
                .hasMessageStartingWith(f + " line 3 column ").hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theComparatorIsNamedOrLeftToThePlatform() throws IOException {
        assertThat(ExperimentSpec.read(write("{\"name\": \"x\", " + DATA + ", \"runs\": [{\"model\": \"m\"}]}"))
                .comparator()).isEmpty();
        assertThat(ExperimentSpec.read(write("{\"name\": \"x\", " + DATA + ", \"evaluation\": {\"comparator\": "
                + "\"none\"}, \"runs\": [{\"model\": \"m\"}]}")).comparator()).contains("none");
    }

    @Test
    void volumesAreOptionalAndResolveAgainstTheFileWithMtlTrainsDefaults() throws IOException {
        assertThat(ExperimentSpec.read(write("{\"name\": \"x\", " + DATA + ", \"runs\": [{\"model\": \"m\"}]}"))
                .volumes()).isEmpty();
        String withVolumes = DATA.replace("}", ", \"volumes\": {\"studies\": \"v/studies.csv\"}}");
        ExperimentSpec.Volumes v = ExperimentSpec.read(write("{\"name\": \"x\", " + withVolumes
                + ", \"runs\": [{\"model\": \"covid-mtl\"}]}")).volumes().orElseThrow();
        assertThat(v.studies()).isEqualTo(tmp.resolve("v/studies.csv"));
        assertThat(v.features()).isNull();
        assertThat(v.prepare()).isEqualTo(org.covidmtl.assessment.TrainingExperiment.Prepare.SEGMENT);
        assertThat(v.segmenter()).isNull();
        v = ExperimentSpec.read(write("{\"name\": \"x\", " + DATA.replace("}", ", \"volumes\": {\"studies\": "
                + "\"/abs/s.csv\", \"features\": \"f.csv\", \"prepare\": \"as-is\"}}") + ", \"runs\": [{\"model\": "
                + "\"m\"}]}")).volumes().orElseThrow();
        assertThat(v.studies()).isEqualTo(Path.of("/abs/s.csv"));
        assertThat(v.features()).isEqualTo(tmp.resolve("f.csv"));
        assertThat(v.prepare()).isEqualTo(org.covidmtl.assessment.TrainingExperiment.Prepare.AS_IS);
    }

    @Test
    void volumeMistakesAreReportedWithTheirPlace() throws IOException {
        Path f = write("{\"name\": \"x\", " + DATA.replace("}", ", \"volumes\": {\"features\": \"f.csv\"}}")
                + ", \"runs\": [{\"model\": \"m\"}]}");
        assertThatThrownBy(() -> ExperimentSpec.read(f)).isInstanceOf(StageException.class)
                .hasMessage(f + " data.volumes.studies: missing");
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\", " + DATA.replace("}",
                ", \"volumes\": {\"studies\": \"s.csv\", \"prepare\": \"crop\"}}") + ", \"runs\": [{\"model\": "
                + "\"m\"}]}"))).isInstanceOf(StageException.class)
                .hasMessage(f + " data.volumes.prepare: must be \"segment\" or \"as-is\": crop");
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\", " + DATA.replace("}",
                ", \"volumes\": {\"studies\": \"s.csv\", \"prepare\": \"as-is\", \"segmenter\": \"classical\"}}")
                + ", \"runs\": [{\"model\": \"m\"}]}"))).isInstanceOf(StageException.class)
                .hasMessageStartingWith(f + " data.volumes.segmenter: only with \"prepare\": \"segment\"");
        assertThatThrownBy(() -> ExperimentSpec.read(write("{\"name\": \"x\", " + DATA.replace("}",
                ", \"volumes\": {\"studies\": \"s.csv\", \"mask\": \"m.csv\"}}") + ", \"runs\": [{\"model\": "
                + "\"m\"}]}"))).isInstanceOf(StageException.class)
                .hasMessageStartingWith(f + " data.volumes.mask: unknown member (known: studies, features, prepare, "
                        + "segmenter)");
    }
}
