package org.covidmtl.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.FeatureImportance;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.covidmtl.models.artifact.Artifacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four feature models on the real cohort (small settings): fit on 300 training studies, save, load with the
 * factory, and the loaded model predicts what the trained one did; one study by name predicts what its cohort
 * row does; missing and far-out inputs are named.
 */
class ArtifactTest {
    private static Cohort train;
    private static Cohort heldOut;

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        train = CohortFixture.train().subset("train-300", CohortFixture.split("split-seed11-train.txt").subList(0, 300));
        heldOut = CohortFixture.test().subset("test-100", CohortFixture.split("split-seed11-test.txt").subList(0, 100));
    }

    /** A study made from a cohort row: its features and attributes by name. */
    static Study study(Cohort c, int row) {
        CaseRecord r = c.cases().get(row);
        Map<String, Double> f = new HashMap<>();
        for (int j = 0; j < c.featureNames().size(); j++) {
            f.put(c.featureNames().get(j), r.feature(j));
        }
        return new Study(r.id(), f, r.attributes(), null);
    }

    static Model trained(ModelFactory f, List<Task> tasks, Map<String, String> params, ModelSettings.Loss loss) {
        Model m = f.create(new ModelSettings(tasks, params, 7, loss));
        m.fit(train, null, Progress.none());
        return m;
    }

    /** Save, load, compare; then the single-study path against the cohort rows; returns the loaded model. */
    static Model roundTrip(ModelFactory f, Model m, String folder, double tolerance) throws Exception {
        Path artifact = dir.resolve(folder);
        m.save(artifact);
        Model loaded = f.load(artifact);
        assertThat(loaded.schema()).isEqualTo(m.schema());
        Predictions a = m.predict(heldOut, Progress.none());
        Predictions b = loaded.predict(heldOut, Progress.none());
        assertThat(b.ids()).isEqualTo(a.ids());
        assertThat(b.probabilities().keySet()).isEqualTo(a.probabilities().keySet());
        for (String task : a.probabilities().keySet()) {
            double[][] pa = a.probabilities().get(task);
            double[][] pb = b.probabilities().get(task);
            for (int i = 0; i < pa.length; i++) {
                if (tolerance == 0) {
                    assertThat(pb[i]).as(task + " row " + i).containsExactly(pa[i]);
                } else {
                    assertThat(pb[i]).as(task + " row " + i).containsExactly(pa[i], within(tolerance));
                }
            }
        }
        for (int i : new int[] { 0, 17, 99 }) {
            Prediction p = loaded.predict(study(heldOut, i));
            assertThat(p.study()).isEqualTo(heldOut.cases().get(i).id());
            assertThat(p.model()).isEqualTo(f.descriptor().name() + " " + f.descriptor().version());
            // in the model's task order
            assertThat(p.probabilities().keySet())
                    .containsExactlyElementsOf(m.schema().tasks().stream().map(Task::name).toList());
            for (String task : a.probabilities().keySet()) {
                if (tolerance == 0) {
                    assertThat(p.probabilities(task)).containsExactly(a.probabilities().get(task)[i]);
                } else {
                    assertThat(p.probabilities(task)).containsExactly(a.probabilities().get(task)[i], within(tolerance));
                }
            }
        }
        String json = Files.readString(artifact.resolve("model.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"trainingData\" : \"train-300, 300 studies, 375 features, sha256 ")
                .contains("\"model\" : \"" + f.descriptor().name() + "\"").contains("\"version\" : \"" + f.descriptor().version() + "\"");
        // a loaded model saves again, and that artifact loads too
        loaded.save(dir.resolve(folder + "-again"));
        assertThat(f.load(dir.resolve(folder + "-again")).predict(heldOut, Progress.none()).probabilities().keySet())
                .isEqualTo(a.probabilities().keySet());
        // a loaded model is not trained again
        assertThatThrownBy(() -> loaded.fit(train, null, Progress.none())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already trained");
        return loaded;
    }

    @Test
    void randomForestRoundTripsExactly() throws Exception {
        RandomForestFactory f = new RandomForestFactory();
        Model m = trained(f, CohortFixture.TASKS, Map.of("trees", "30", "threads", "2"), null);
        Model loaded = roundTrip(f, m, "rf", 0);
        assertThat(((FeatureImportance) loaded).importance("severity", FeatureImportance.GAIN))
                .containsExactly(((FeatureImportance) m).importance("severity", FeatureImportance.GAIN));
        String json = Files.readString(dir.resolve("rf/model.json"), StandardCharsets.UTF_8);
        // every parameter with its effective value, defaults included; no loss
        assertThat(json).contains("\"trees\" : \"30\"", "\"max-features\" : \"sqrt\"", "\"bootstrap\" : \"true\"",
                "\"threads\" : \"2\"", "\"seed\" : 7", "forest-covid-ct.bin").doesNotContain("\"loss\"");
        assertThat(dir.resolve("rf/columns.properties")).exists();
    }

    @Test
    void lightGbmRoundTripsExactly() throws Exception {
        LightGbmFactory f = new LightGbmFactory();
        Model m = trained(f, List.of(Task.COVID_CT, Task.SEVERITY), Map.of("n-estimators", "40", "threads", "1"), null);
        Model loaded = roundTrip(f, m, "lgbm", 0);
        assertThat(((FeatureImportance) loaded).importance("covid-ct", FeatureImportance.SPLIT))
                .containsExactly(((FeatureImportance) m).importance("covid-ct", FeatureImportance.SPLIT));
        assertThat(dir.resolve("lgbm/booster-severity.txt")).exists();
    }

    @Test
    void fnnMtlRoundTripsWithItsLossName() throws Exception {
        FnnFactory f = new FnnFactory(true);
        Model m = trained(f, CohortFixture.TASKS, Map.of("epochs", "3", "hidden", "32,16"),
                new ModelSettings.Loss("random-weighted", new RandomWeightedLoss(2, false)));
        roundTrip(f, m, "fnn-mtl", 1e-6);
        String json = Files.readString(dir.resolve("fnn-mtl/model.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"loss\" : \"random-weighted\"", "\"epochs\" : \"3\"", "\"batch-size\" : \"10\"",
                "\"weight-init\" : \"he\"", "network.zip", "scaler.properties", "nd4j-backend");
    }

    @Test
    void fnnSingleWithClinicalAttributesRoundTrips() throws Exception {
        FnnFactory f = new FnnFactory(false);
        Model m = trained(f, List.of(Task.COVID_CT, Task.COVID_NAT),
                Map.of("epochs", "2", "hidden", "16", "clinical", "age,sex"), null);
        Model loaded = roundTrip(f, m, "fnn-single", 1e-6);
        ModelSchema s = loaded.schema();
        assertThat(s.model()).isEqualTo("fnn-single");
        assertThat(s.attributes()).containsExactly("age", "sex");
        assertThat(s.features()).hasSize(375).isEqualTo(train.featureNames());
        assertThat(s.volume()).isNull();
        assertThat(dir.resolve("fnn-single/network-covid-ct.zip")).exists();
        assertThat(dir.resolve("fnn-single/network-covid-nat.zip")).exists();
        // a study without clinical attributes is imputed, and told so
        Study bare = study(heldOut, 3);
        Prediction p = loaded.predict(new Study(bare.id(), bare.features(), Map.of("age", "n/a"), null));
        assertThat(p.warnings()).anyMatch(w -> w.contains("age, sex") && w.contains("imputed with the training mean"));
    }

    /**
     * The caller scaled the cohorts (an experiment's split scaler): a study comes with raw features, the model
     * scales them as the training rows were, before and after saving; the range warning speaks raw units.
     */
    @Test
    void anInputScalerGoesWithTheModel() throws Exception {
        org.covidmtl.api.cohort.MinMaxScaler scaler = org.covidmtl.api.cohort.MinMaxScaler.fit(train);
        Cohort scaledTrain = scaler.transform(train);
        Cohort scaledTest = scaler.transform(heldOut);
        RandomForestFactory f = new RandomForestFactory();
        Model m = f.create(new ModelSettings(List.of(Task.COVID_CT), Map.of("trees", "20", "threads", "2"), 3)
                .withInputScaler(scaler));
        m.fit(scaledTrain, null, Progress.none());
        Path a = dir.resolve("rf-scaled");
        m.save(a);
        Model loaded = f.load(a);
        double[][] expected = m.predict(scaledTest, Progress.none()).probabilities().get("covid-ct");
        assertThat(loaded.predict(scaledTest, Progress.none()).probabilities().get("covid-ct")).isDeepEqualTo(expected);
        for (int i : new int[] { 0, 5, 42 }) {
            assertThat(m.predict(study(heldOut, i)).probabilities("covid-ct")).containsExactly(expected[i]);
            assertThat(loaded.predict(study(heldOut, i)).probabilities("covid-ct")).containsExactly(expected[i]);
        }
        Study s = study(train, 0);
        assertThat(loaded.predict(s).warnings()).isEmpty();
        Map<String, Double> far = new HashMap<>(s.features());
        far.put("Energy", 1e20);
        assertThat(loaded.predict(new Study(s.id(), far, Map.of(), null)).warnings())
                .containsExactly("1 of 375 features outside the training range, e.g. Energy (1.0e20; training "
                        + InputColumns.format(minOf(train, "Energy")) + ".." + InputColumns.format(maxOf(train, "Energy"))
                        + ")");
        assertThat(Files.readString(a.resolve("columns.properties"))).contains("input.scaled=true");
    }

    private static double minOf(Cohort c, String feature) {
        int j = c.featureNames().indexOf(feature);
        return c.cases().stream().mapToDouble(r -> r.feature(j)).min().getAsDouble();
    }

    private static double maxOf(Cohort c, String feature) {
        int j = c.featureNames().indexOf(feature);
        return c.cases().stream().mapToDouble(r -> r.feature(j)).max().getAsDouble();
    }

    @Test
    void studyInputsAreCheckedByName() {
        Model m = trained(new RandomForestFactory(), List.of(Task.COVID_CT), Map.of("trees", "5", "threads", "2"), null);
        Study s = study(heldOut, 0);
        Map<String, Double> one = new HashMap<>(s.features());
        one.remove("Kurtosis");
        assertThatThrownBy(() -> m.predict(new Study(s.id(), one, Map.of(), null)))
                .isInstanceOf(StageException.class).hasMessage("study " + s.id() + ": feature Kurtosis missing");
        Map<String, Double> five = new HashMap<>(s.features());
        List<String> names = train.featureNames();
        for (int j = 0; j < 5; j++) {
            five.remove(names.get(j));
        }
        assertThatThrownBy(() -> m.predict(new Study(s.id(), five, Map.of(), null)))
                .isInstanceOf(StageException.class).hasMessageContaining("study " + s.id())
                .hasMessageContaining("features " + names.get(0) + ", " + names.get(1) + ", " + names.get(2)
                        + " and 2 more missing (5 of 375)");
        Map<String, Double> nan = new HashMap<>(s.features());
        nan.put("Entropy", Double.NaN);
        assertThatThrownBy(() -> m.predict(new Study(s.id(), nan, Map.of(), null)))
                .isInstanceOf(StageException.class).hasMessage("study " + s.id() + ": feature Entropy is NaN");
        // extra features are ignored
        Map<String, Double> extra = new HashMap<>(s.features());
        extra.put("not-a-feature", 1.0);
        assertThat(m.predict(new Study(s.id(), extra, Map.of(), null)).probabilities("covid-ct"))
                .containsExactly(m.predict(s).probabilities("covid-ct"));
    }

    @Test
    void farOutFeaturesAreWarnedOf() {
        Model m = trained(new RandomForestFactory(), List.of(Task.COVID_CT), Map.of("trees", "5", "threads", "2"), null);
        int energy = train.featureNames().indexOf("Energy");
        int row = 0;
        for (int i = 1; i < train.size(); i++) {
            if (train.cases().get(i).feature(energy) > train.cases().get(row).feature(energy)) {
                row = i;
            }
        }
        Study s = study(train, row); // a training study lies inside the training range
        assertThat(m.predict(s).warnings()).isEmpty();
        Map<String, Double> f = new HashMap<>(s.features());
        f.put("Energy", f.get("Energy") * 100);
        List<String> w = m.predict(new Study(s.id(), f, s.attributes(), null)).warnings();
        System.out.println("far-out warning: " + w);
        assertThat(w).hasSize(1);
        assertThat(w.get(0)).startsWith("1 of 375 features outside the training range, e.g. Energy (")
                .contains("; training ");
    }

    @Test
    void loadingAnotherModelsArtifactNamesBoth() {
        Model m = trained(new RandomForestFactory(), List.of(Task.COVID_CT), Map.of("trees", "3", "threads", "2"), null);
        Path a = dir.resolve("rf-for-fnn");
        m.save(a);
        assertThatThrownBy(() -> new FnnFactory(true).load(a)).isInstanceOf(ModelArtifactException.class)
                .hasMessageContaining("random-forest").hasMessageContaining("fnn-mtl")
                .hasMessageContaining("model.json");
    }

    @Test
    void aDamagedPayloadIsNamed() throws Exception {
        Model m = trained(new RandomForestFactory(), List.of(Task.COVID_CT), Map.of("trees", "3", "threads", "2"), null);
        Path a = dir.resolve("rf-damaged");
        m.save(a);
        Path forest = a.resolve("forest-covid-ct.bin");
        byte[] b = Files.readAllBytes(forest);
        b[b.length / 2] ^= 1;
        Files.write(forest, b);
        assertThatThrownBy(() -> new RandomForestFactory().load(a)).isInstanceOf(ModelArtifactException.class)
                .hasMessageContaining(forest.toString()).hasMessageContaining("damaged");
        Files.delete(a.resolve("columns.properties"));
        assertThatThrownBy(() -> new RandomForestFactory().load(a)).isInstanceOf(ModelArtifactException.class)
                .hasMessageContaining("columns.properties");
    }

    /** A payload that passes the checksums (rewritten through Artifacts.write) but is not a forest. */
    @Test
    void aMismatchedPayloadIsNamed() throws Exception {
        Model m = trained(new RandomForestFactory(), List.of(Task.COVID_CT), Map.of("trees", "3", "threads", "2"), null);
        Path a = dir.resolve("rf-mismatched");
        m.save(a);
        Path b = dir.resolve("rf-mismatched-2");
        Artifacts.write(b, Artifacts.read(a).withFiles(Map.of()), folder -> {
            Files.copy(a.resolve("columns.properties"), folder.resolve("columns.properties"));
            Files.writeString(folder.resolve("forest-covid-ct.bin"), "not a forest");
        });
        assertThatThrownBy(() -> new RandomForestFactory().load(b)).isInstanceOf(ModelArtifactException.class)
                .hasMessageContaining(b.resolve("forest-covid-ct.bin").toString())
                .hasMessageContaining("not a valid forest");
    }

    @Test
    void modelsWithoutALossRefuseOne() {
        ModelSettings.Loss loss = new ModelSettings.Loss("random-weighted", new RandomWeightedLoss(2, false));
        for (ModelFactory f : List.of(new RandomForestFactory(), new LightGbmFactory(), new FnnFactory(false))) {
            String name = f.descriptor().name();
            assertThatThrownBy(() -> f.create(new ModelSettings(CohortFixture.TASKS, Map.of(), 1, loss)))
                    .as(name).isInstanceOf(StageException.class).hasMessageStartingWith("parameter loss: ")
                    .hasMessageContaining(name + " trains each task separately and takes no loss strategy");
        }
        assertThat(new FnnFactory(true).create(new ModelSettings(CohortFixture.TASKS, Map.of(), 1, loss))).isNotNull();
    }

    @Test
    void descriptors() {
        Map<String, Boolean> multitask = new LinkedHashMap<>();
        List<ModelFactory> all = new ArrayList<>(List.of(new FnnFactory(true), new FnnFactory(false),
                new RandomForestFactory(), new LightGbmFactory()));
        for (ModelFactory f : all) {
            // random-forest 1.1.0: its artifact keeps the out-of-bag predictions
            assertThat(f.descriptor().version()).isEqualTo(f instanceof RandomForestFactory ? "1.1.0" : "1.0.0");
            assertThat(f.descriptor().inputs()).isEqualTo(EnumSet.of(ModelInput.FEATURES, ModelInput.CLINICAL));
            multitask.put(f.descriptor().name(), f.descriptor().multitask());
        }
        assertThat(multitask).containsExactly(Map.entry("fnn-mtl", true), Map.entry("fnn-single", false),
                Map.entry("random-forest", false), Map.entry("lightgbm", false));
    }

    @Test
    void untrainedModelsSaySo() {
        Model m = new LightGbmFactory().create(new ModelSettings(CohortFixture.TASKS, Map.of(), 1));
        assertThatThrownBy(m::schema).isInstanceOf(IllegalStateException.class).hasMessageContaining("not trained");
        assertThatThrownBy(() -> m.save(dir.resolve("nothing"))).isInstanceOf(IllegalStateException.class);
        assertThat(dir.resolve("nothing")).doesNotExist();
    }
}
