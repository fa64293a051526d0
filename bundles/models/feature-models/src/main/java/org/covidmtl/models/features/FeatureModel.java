package org.covidmtl.models.features;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.MinMaxScaler;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelDescriptor;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.ArtifactManifest;
import org.covidmtl.models.artifact.Artifacts;
import org.covidmtl.models.artifact.TrainingData;

/**
 * What the feature models share: the input columns fitted on the training cohort, predictions for a cohort
 * and for one study (features and clinical attributes by name), the schema, and the artifact (manifest +
 * {@code columns.properties} + the model's own files).
 * <p>
 * When {@link ModelSettings#inputScaler()} is given, the cohorts given to {@code fit} and {@code predict(Cohort)}
 * carry features the caller already scaled with it; it is kept in {@code columns.properties} and applied to a
 * {@link Study}'s raw features (the range warning speaks of raw values).
 * <p>
 * A model loaded from an artifact predicts, answers its schema and saves again; it refuses {@link #fit}
 * (its loss strategy, when it had one, is only a name in the artifact): create a new model to train.
 */
abstract class FeatureModel implements Model {
    private final ModelDescriptor descriptor;
    private final List<Task> tasks;
    private final Map<String, String> parameters;
    private final long seed;
    private String loss;
    private final String clinical;
    private final MinMaxScaler inputScaler;
    private InputColumns columns;
    private String trainingData;
    private String created;
    private Map<String, String> provenance = Map.of();
    private Path loadedFrom;

    /**
     * @param parameters every parameter with its effective value (defaults included), recorded in the artifact
     * @param loss the loss strategy's name, or {@code null}
     */
    FeatureModel(ModelDescriptor descriptor, ModelSettings settings, Map<String, String> parameters, String loss) {
        this.descriptor = descriptor;
        this.tasks = settings.tasks();
        this.parameters = new LinkedHashMap<>(parameters);
        this.seed = settings.seed();
        this.loss = loss;
        this.clinical = settings.get("clinical", "");
        this.inputScaler = settings.inputScaler();
    }

    final List<Task> tasks() {
        return tasks;
    }

    final long seed() {
        return seed;
    }

    final String label() {
        return descriptor.name() + " model";
    }

    /** {@code <name> <version>}. */
    final String modelId() {
        return descriptor.name() + " " + descriptor.version();
    }

    /** The input columns of the last fit (or of the artifact), {@code null} before. */
    final InputColumns columns() {
        return columns;
    }

    /** Trains on the rows of {@code train} in the columns {@code cols}; the subclass keeps what it trained. */
    protected abstract TrainingHistory train(InputColumns cols, Cohort train, Cohort validation, Progress progress);

    /** Whether {@link #train} completed (or the model was loaded). */
    protected abstract boolean trained();

    /** Task name → [row][class] probabilities of rows in the input columns, in task order. */
    protected abstract Map<String, double[][]> probabilities(double[][] x);

    /** Writes the model's own files (not {@code columns.properties}) into {@code folder}. */
    protected abstract void writePayload(Path folder) throws IOException;

    /** What the model adds to the artifact's provenance (e.g. the ND4J backend). */
    protected Map<String, String> provenanceExtras() {
        return Map.of();
    }

    @Override
    public final TrainingHistory fit(Cohort train, Cohort validation, Progress progress) {
        if (loadedFrom != null) {
            throw new IllegalStateException(label() + " loaded from " + loadedFrom
                    + " is already trained and is not trained again; create a new model to train");
        }
        Progress p = progress == null ? Progress.none() : progress;
        long t0 = System.nanoTime();
        InputColumns cols = InputColumns.fit(train, clinical, inputScaler);
        TrainingHistory h = train(cols, train, validation, p);
        columns = cols;
        trainingData = TrainingData.describe(train);
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("java", System.getProperty("java.version", "?"));
        String v = FeatureModel.class.getPackage() == null ? null
                : FeatureModel.class.getPackage().getImplementationVersion();
        prov.put("org.covidmtl.models.features", v == null ? "dev" : v);
        prov.put("input-scaler", inputScaler == null ? "none"
                : "min-max of the " + inputScaler.columns() + " feature columns, applied by the caller to the cohorts"
                        + " and by the model to a study's features (columns.properties input.*)");
        prov.putAll(provenanceExtras());
        prov.put("fit-seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        prov.put("validation", validation == null ? "none" : validation.name() + ", " + validation.size() + " studies");
        provenance = prov;
        created = null;
        return h;
    }

    private void checkTrained() {
        if (columns == null || !trained()) {
            throw new IllegalStateException(label() + " not trained");
        }
    }

    @Override
    public final Predictions predict(Cohort data, Progress progress) {
        checkTrained();
        return new Predictions(FeatureData.ids(data), probabilities(columns.matrix(data)));
    }

    @Override
    public final Prediction predict(Study study) {
        checkTrained();
        List<String> warnings = new ArrayList<>();
        double[] row = columns.row(study, warnings);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : probabilities(new double[][] { row }).entrySet()) {
            out.put(e.getKey(), e.getValue()[0]);
        }
        return new Prediction(study.id(), modelId(), out, warnings);
    }

    @Override
    public final ModelSchema schema() {
        checkTrained();
        return new ModelSchema(descriptor.name(), descriptor.version(), tasks, columns.features(), columns.clinical(),
                null);
    }

    @Override
    public final void save(Path artifact) {
        checkTrained();
        String when = created != null ? created : Instant.now().toString();
        ArtifactManifest m = new ArtifactManifest(schema(), parameters, seed, loss, trainingData, when, provenance,
                Map.of());
        Artifacts.write(artifact, m, folder -> {
            columns.write(folder);
            writePayload(folder);
        });
    }

    /**
     * Takes over a trained model's state read from an artifact ({@link ArtifactManifest} already checked).
     */
    final void restore(Path artifact, ArtifactManifest m, InputColumns cols) {
        this.columns = cols;
        this.trainingData = m.trainingData();
        this.created = m.created();
        this.provenance = new LinkedHashMap<>(m.provenance());
        this.loadedFrom = artifact;
        this.loss = m.loss();
    }

    /**
     * Opens an artifact for {@code factory}: checks it ({@link Artifacts#open}), creates the model from its
     * parameters, seed and tasks, and reads {@code columns.properties}; the caller then reads its own files.
     */
    static <M extends FeatureModel> Loaded<M> open(Path artifact, ModelDescriptor descriptor,
            java.util.function.Function<ModelSettings, M> create) {
        ArtifactManifest m = Artifacts.open(artifact, descriptor);
        M model;
        try {
            model = create.apply(new ModelSettings(m.schema().tasks(), m.parameters(), m.seed()));
        } catch (StageException e) {
            throw new ModelArtifactException(artifact.resolve(ArtifactManifest.FILE).toString(),
                    "parameters not valid for " + descriptor.name() + " " + descriptor.version() + ": " + e.getMessage(), e);
        }
        InputColumns cols = InputColumns.read(artifact, m.schema().features(), m.schema().attributes());
        return new Loaded<>(model, m, cols);
    }

    /** A model created from an artifact's manifest, with its input columns, before its own files are read. */
    record Loaded<M extends FeatureModel>(M model, ArtifactManifest manifest, InputColumns columns) {
    }
}
