package org.covidmtl.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.MinMaxScaler;
import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.DataValidationException;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.stage.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CohortLoaderTest {
    static Path data;
    static Cohort full;

    @BeforeAll
    static void load() {
        data = SharedData.covidMtl();
        full = CohortLoader.load(CohortSources.paper(data), Progress.none());
    }

    @Test
    void paperCohortHasTheDocumentedShapeAndLabelCounts() {
        assertThat(full.size()).isEqualTo(1329);
        assertThat(full.tasks()).containsExactly(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY);
        assertThat(full.featureNames()).hasSize(375);
        assertThat(full.featureNames().get(0)).isEqualTo("10Percentile");
        assertThat(full.featureNames().get(374)).isEqualTo("LLL_glrlm_ShortRunLowGrayLevelEmphasis");
        assertThat(Arrays.stream(full.labels(0)).sum()).isEqualTo(998);
        assertThat(Arrays.stream(full.labels(1)).sum()).isEqualTo(761);
        int[] sev = new int[3];
        for (int s : full.labels(2)) {
            sev[s]++;
        }
        assertThat(sev).containsExactly(568, 562, 199);
        // severity 0 is exactly the NAT-negative group (reference facts)
        for (CaseRecord c : full.cases()) {
            assertThat(c.label(2) == 0).as(c.id()).isEqualTo(c.label(1) == 0);
        }
        CaseRecord first = full.cases().get(0);
        assertThat(first.id()).isEqualTo("1");
        assertThat(first.attributes()).containsEntry("age", "81").containsEntry("sex", "Male")
                .containsEntry("hospital", "HUST-Union Hospital").containsEntry("morbidity", "Regular");
        assertThat(first.labels()).containsExactly(1, 1, 1);
    }

    @Test
    void aMissingFileIsReportedAsMissingNotAsUnreadable(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-cohort.csv");
        CohortSources sources = CohortSources.paper(data);
        assertThatThrownBy(() -> CohortLoader.load(new CohortSources(missing, sources.features(), null, sources.trainSplit(),
                sources.testSplit()), Progress.none())).isInstanceOf(DataValidationException.class)
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> XlsxReader.read(tmp.resolve("none.xlsx"))).isInstanceOf(DataValidationException.class)
                .hasMessage(tmp.resolve("none.xlsx") + ": no such file");
    }

    @Test
    void featuresAreJoinedByPidNotByRowOrder() throws IOException {
        // radiomics.csv row for PID 3 read independently of the loader
        List<String> lines = Files.readAllLines(data.resolve("radiomics.csv"));
        String row = lines.stream().filter(l -> l.startsWith("3,")).findFirst().orElseThrow();
        String[] cells = row.split(",");
        CaseRecord c = full.cases().stream().filter(r -> r.id().equals("3")).findFirst().orElseThrow();
        assertThat(c.feature(0)).isEqualTo(Double.parseDouble(cells[1]));
        assertThat(c.feature(374)).isEqualTo(Double.parseDouble(cells[375]));
    }

    @Test
    void paperSplitIs930By399AndStratifiedByNat() {
        CohortSplit split = CohortLoader.loadSplit(CohortSources.paper(data), Scaling.TRAIN, Progress.none());
        assertThat(split.train().size()).isEqualTo(930);
        assertThat(split.test().size()).isEqualTo(399);
        double trainPos = Arrays.stream(split.train().labels(1)).average().orElseThrow();
        double testPos = Arrays.stream(split.test().labels(1)).average().orElseThrow();
        assertThat(trainPos).isCloseTo(761.0 / 1329, org.assertj.core.data.Offset.offset(0.01));
        assertThat(testPos).isCloseTo(761.0 / 1329, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void commandSummaryCountsTheClasses() {
        CohortSplit split = CohortLoader.loadSplit(CohortSources.paper(data), Scaling.NONE, Progress.none());
        assertThat(org.covidmtl.cohort.command.CohortCommand.summary(split)).contains(
                "1329 studies, 375 features; train 930, test 399; scaling none").contains("covid-ct   classes [331, 998]")
                .contains("severity   classes [568, 562, 199]");
    }

    @Test
    void trainOnlyScalingMapsTrainToUnitRangeAndReferenceScalingUsesAllRows() {
        CohortSplit train = CohortLoader.loadSplit(CohortSources.paper(data), Scaling.TRAIN, Progress.none());
        CohortSplit ref = CohortLoader.loadSplit(CohortSources.paper(data), Scaling.REFERENCE, Progress.none());
        double[][] xt = train.train().featureMatrix();
        int outside = 0;
        for (int j = 0; j < 375; j++) {
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            for (double[] r : xt) {
                lo = Math.min(lo, r[j]);
                hi = Math.max(hi, r[j]);
            }
            assertThat(lo).isEqualTo(0.0);
            if (train.scaler().max()[j] > train.scaler().min()[j]) {
                assertThat(hi).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            }
            for (double[] r : train.test().featureMatrix()) {
                if (r[j] < 0 || r[j] > 1) {
                    outside++;
                }
            }
        }
        // the test split holds values outside the training range: scaling was not fitted on it
        assertThat(outside).isGreaterThan(0);
        for (double[] r : ref.test().featureMatrix()) {
            for (double v : r) {
                assertThat(v).isBetween(0.0, 1.0);
            }
        }
        assertThat(ref.scaling().label()).isEqualTo("reference-scaling");
        assertThat(train.scaling().label()).isEqualTo("train-only");
        assertThat(train.scaler().min()).isNotEqualTo(ref.scaler().min());
    }

    @Test
    void minMaxScalerMatchesHandComputation() {
        MinMaxScaler s = MinMaxScaler.fit(new double[][] { { 1, 5, 2 }, { 3, 5, 6 }, { 2, 5, 4 } });
        assertThat(s.transform(new double[] { 2, 5, 6 })).containsExactly(0.5, 0.0, 1.0);
        assertThat(s.transform(new double[] { 5, 7, 0 })).containsExactly(2.0, 2.0, -0.5);
    }

    @Test
    void clinicalLabValuesBecomeAttributes() {
        Cohort withLab = CohortLoader.load(CohortSources.paper(data).withClinical(data.resolve("ClinicalFeatures.xlsx")),
                Progress.none());
        CaseRecord first = withLab.cases().get(0);
        // ClinicalFeatures.xlsx, sheet "Routine Blood Test", row of PID 1: MCHC 344, WBC 2.42 (cells C2, W2)
        assertThat(first.attributes()).containsEntry("lab:Routine Blood Test:MCHC", "344")
                .containsEntry("lab:Routine Blood Test:WBC", "2.42");
        long withAnyLab = withLab.cases().stream()
                .filter(c -> c.attributes().keySet().stream().anyMatch(k -> k.startsWith("lab:"))).count();
        assertThat(withAnyLab).isGreaterThan(1000);
    }

    @Test
    void patientsXlsxAgreesWithCohortCsvOnEveryStudy() {
        Cohort patients = PatientTable.read(data.resolve("Patients.xlsx"));
        assertThat(patients.size()).isEqualTo(1521);
        // 179 patients have no CT label (reference facts)
        assertThat(Arrays.stream(patients.labels(0)).filter(v -> v < 0).count()).isEqualTo(179);
        Map<String, CaseRecord> byId = new java.util.HashMap<>();
        patients.cases().forEach(c -> byId.put(c.id(), c));
        for (CaseRecord c : full.cases()) {
            CaseRecord p = byId.get(c.id());
            assertThat(p).as(c.id()).isNotNull();
            assertThat(p.labels()).as(c.id()).containsExactly(c.labels());
            for (String a : List.of("hospital", "age", "sex", "morbidity", "mortality")) {
                assertThat(p.attributes().get(a)).as(c.id() + " " + a).isEqualTo(c.attributes().get(a));
            }
        }
    }

    // ---- validation ----

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static final String LABELS = "Hospital,Age,PID,COVIDNC,COVIDCT,COVIDSeverity\n" + "A,50,1,1,1,2\n"
            + "B,60,2,0,0,0\n" + "A,70,3,1,1,1\n";

    @Test
    void smallValidTablesLoad() throws IOException {
        Cohort c = CohortLoader.load(new CohortSources(write("c.csv", LABELS),
                write("r.csv", "PID,f1,f2\n3,0.5,1\n1,1.5,2\n2,2.5,3\n"), null, null, null), Progress.none());
        assertThat(c.cases().get(0).features()).containsExactly(1.5, 2.0);
        assertThat(c.cases().get(0).labels()).containsExactly(1, 1, 2);
        assertThat(c.cases().get(1).attributes()).containsEntry("hospital", "B").containsEntry("age", "60");
    }

    @Test
    void missingPidInFeaturesIsReported() throws IOException {
        Path r = write("r.csv", "PID,f1,f2\n1,0.5,1\n3,1.5,2\n");
        assertThatThrownBy(() -> CohortLoader.load(new CohortSources(write("c.csv", LABELS), r, null, null, null),
                Progress.none())).isInstanceOf(DataValidationException.class).hasMessageContaining("r.csv")
                .hasMessageContaining("no row for PID 2");
    }

    @Test
    void unknownPidInFeaturesIsReportedWithLine() throws IOException {
        Path r = write("r.csv", "PID,f1,f2\n1,0.5,1\n2,1.5,2\n3,1,1\n9,1,1\n");
        assertThatThrownBy(() -> CohortLoader.load(new CohortSources(write("c.csv", LABELS), r, null, null, null),
                Progress.none())).isInstanceOf(DataValidationException.class)
                .hasMessageContaining("r.csv line 5").hasMessageContaining("PID 9");
    }

    @Test
    void duplicatePidIsReportedWithLine() throws IOException {
        Path c = write("c.csv", LABELS + "A,71,3,1,1,1\n");
        assertThatThrownBy(() -> CohortLoader.readLabels(c)).isInstanceOf(DataValidationException.class)
                .hasMessageContaining("c.csv line 5").hasMessageContaining("duplicate PID 3");
        Path r = write("r.csv", "PID,f1\n1,0.5\n2,1\n2,1\n");
        assertThatThrownBy(() -> CohortLoader.readFeatures(r, java.util.Set.of("1", "2")))
                .isInstanceOf(DataValidationException.class).hasMessageContaining("r.csv line 4")
                .hasMessageContaining("duplicate PID 2");
    }

    @Test
    void nanAndTextValuesAreReportedWithLineAndColumn() throws IOException {
        Path r = write("r.csv", "PID,f1,f2\n1,0.5,1\n2,NaN,2\n3,1,1\n");
        assertThatThrownBy(() -> CohortLoader.readFeatures(r, java.util.Set.of("1", "2", "3")))
                .isInstanceOf(DataValidationException.class).hasMessageContaining("r.csv line 3 column f1")
                .hasMessageContaining("NaN");
        Path r2 = write("r2.csv", "PID,f1,f2\n1,0.5,1\n2,0.1,2\n3,1,abc\n");
        assertThatThrownBy(() -> CohortLoader.readFeatures(r2, java.util.Set.of("1", "2", "3")))
                .isInstanceOf(DataValidationException.class).hasMessageContaining("r2.csv line 4 column f2");
        Path c = write("c.csv", "PID,COVIDNC,COVIDCT,COVIDSeverity\n1,1,,1\n");
        assertThatThrownBy(() -> CohortLoader.readLabels(c)).isInstanceOf(DataValidationException.class)
                .hasMessageContaining("c.csv line 2 column COVIDCT");
        Path c2 = write("c2.csv", "PID,COVIDNC,COVIDCT,COVIDSeverity\n1,1,1,3\n");
        assertThatThrownBy(() -> CohortLoader.readLabels(c2)).isInstanceOf(DataValidationException.class)
                .hasMessageContaining("c2.csv line 2 column COVIDSeverity").hasMessageContaining("outside 0..2");
    }

    @Test
    void wrongColumnCountAndMissingColumnAreReported() throws IOException {
        Path r = write("r.csv", "PID,f1,f2\n1,0.5,1\n2,1.5\n");
        assertThatThrownBy(() -> CohortLoader.readFeatures(r, java.util.Set.of("1", "2")))
                .isInstanceOf(DataValidationException.class).hasMessageContaining("r.csv line 3")
                .hasMessageContaining("2 columns, the header has 3");
        Path c = write("c.csv", "PID,COVIDNC,COVIDCT\n1,1,1\n");
        assertThatThrownBy(() -> CohortLoader.readLabels(c)).isInstanceOf(DataValidationException.class)
                .hasMessageContaining("c.csv line 1").hasMessageContaining("missing column COVIDSeverity");
    }

    @Test
    void splitFilesAreValidatedAgainstTheCohort() throws IOException {
        Cohort c = CohortLoader.load(new CohortSources(write("c.csv", LABELS), null, null, null, null), Progress.none());
        assertThatThrownBy(() -> CohortSplit.of(c, List.of("1", "2"), List.of("7"), Scaling.NONE, "split"))
                .isInstanceOf(DataValidationException.class).hasMessageContaining("split (test) entry 1")
                .hasMessageContaining("PID 7");
        assertThatThrownBy(() -> CohortSplit.of(c, List.of("1", "2"), List.of("2"), Scaling.NONE, "split"))
                .isInstanceOf(DataValidationException.class).hasMessageContaining("both train and test");
        Path s = write("train.txt", "1\n2\n1\n");
        assertThatThrownBy(() -> CohortLoader.readIds(s)).isInstanceOf(DataValidationException.class)
                .hasMessageContaining("train.txt line 3").hasMessageContaining("duplicate PID 1");
        assertThat(Map.of()).isEmpty();
    }
}
