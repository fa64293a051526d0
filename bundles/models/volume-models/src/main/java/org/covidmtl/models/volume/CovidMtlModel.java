package org.covidmtl.models.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyTraining;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.ArtifactManifest;
import org.covidmtl.models.artifact.Artifacts;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@code covid-mtl} model: untrained from {@link CovidMtlFactory#create} and then trained once on studies with
 * volumes ({@link StudyTraining#fit(List, List, Progress)}, see {@link VolumeTrainer}), or trained from
 * {@link CovidMtlFactory#importWeights} or {@link CovidMtlFactory#load}. Its artifact holds the network's
 * parameters as a PyTorch {@code state_dict} ({@code weights/<key>.npy}, what the importer reads) beside
 * {@code model.json}; loading rebuilds the graph from the recorded parameters and imports the tensors.
 */
final class CovidMtlModel implements Model, StudyTraining {

    /** The artifact's folder of tensors. */
    static final String WEIGHTS = "weights";

    private final CovidMtlSettings settings;
    private final long seed;
    private final String loss;
    private final ModelSettings.Loss lossStrategy;
    private ComputationGraph graph;
    private ModelSchema schema;
    private String trainingData;
    private String created;
    private final Map<String, String> provenance;
    private volatile List<String> trainingWarnings = List.of();
    private CheckpointStore.Hook checkpointHook;
    /** The training studies' feature scaling ({@link FeatureScaler}); null for imported weights. */
    private org.covidmtl.api.cohort.MinMaxScaler scaler;

    /** An untrained model. */
    CovidMtlModel(CovidMtlSettings settings, long seed, ModelSettings.Loss loss) {
        this(settings, seed, loss == null ? null : loss.name(), loss, null, null, null, null, Map.of());
    }

    /** A trained model around {@code graph}. */
    CovidMtlModel(CovidMtlSettings settings, long seed, String loss, ComputationGraph graph, ModelSchema schema,
            String trainingData, String created, Map<String, String> provenance) {
        this(settings, seed, loss, null, graph, schema, trainingData, created, provenance);
    }

    private CovidMtlModel(CovidMtlSettings settings, long seed, String loss, ModelSettings.Loss lossStrategy,
            ComputationGraph graph, ModelSchema schema, String trainingData, String created,
            Map<String, String> provenance) {
        this.settings = settings;
        this.seed = seed;
        this.loss = loss;
        this.lossStrategy = lossStrategy;
        this.graph = graph;
        this.schema = schema;
        this.trainingData = trainingData;
        this.created = created;
        this.provenance = new LinkedHashMap<>(provenance);
    }

    /** Refuses: a feature table has no volumes; this model trains through {@link StudyTraining}. */
    @Override
    public TrainingHistory fit(Cohort train, Cohort validation, Progress progress) {
        throw new StageException(train == null ? CovidMtlFactory.NAME : train.name(), CovidMtlFactory.NAME
                + " trains on CT volumes: a feature table has none (use StudyTraining.fit with labelled studies)");
    }

    /**
     * Trains the untrained model on studies with volumes (see {@link VolumeTrainer} and the module README): the
     * reference's augmentation, SGD Nesterov with the cosine schedule, the loss strategy of the settings (mean when
     * none), checkpoints and resume as the parameters say. Studies that cannot be used are skipped with a warning
     * ({@link #trainingWarnings()}, the log, the progress messages and the artifact's provenance).
     *
     * @throws IllegalStateException when the model is already trained
     */
    @Override
    public TrainingHistory fit(List<LabelledStudy> train, List<LabelledStudy> validation, Progress progress) {
        if (graph != null) {
            throw new IllegalStateException(CovidMtlFactory.NAME + " model is already trained (a model is trained"
                    + " once; create a new one)");
        }
        Progress p = progress == null ? Progress.none() : progress;
        List<String> features = settings.featureNames();
        VolumeSchema vs = settings.volumeSchema();
        ComputationGraph g = VolumeRadioGraph.build(settings.config());
        VolumeTrainer trainer = new VolumeTrainer(settings, seed, lossStrategy, features, vs, checkpointHook);
        org.covidmtl.api.cohort.MinMaxScaler fitted = FeatureScaler.fit(train, features);
        VolumeTrainer.Result r = trainer.train(g, FeatureScaler.apply(fitted, train, features),
                FeatureScaler.apply(fitted, validation == null ? List.of() : validation, features), p);
        scaler = fitted;
        trainingWarnings = List.copyOf(r.warnings());
        graph = g;
        schema = new ModelSchema(CovidMtlFactory.NAME, CovidMtlFactory.VERSION, CovidMtlSettings.TASKS, features,
                List.of(), vs);
        trainingData = "trained on " + r.studiesUsed() + " studies with volumes (" + r.studiesSkipped()
                + " skipped), " + (validation == null ? 0 : validation.size()) + " validation studies, "
                + settings.training().epochs() + " epochs (run sha256 " + r.fingerprint() + ")";
        created = java.time.Instant.now().toString();
        provenance.put("origin", "trained with " + CovidMtlFactory.NAME + " " + CovidMtlFactory.VERSION);
        provenance.put("run-sha256", r.fingerprint());
        if (r.resumedFrom() > 0) {
            provenance.put("resumed-from-epoch", Integer.toString(r.resumedFrom()));
        }
        if (!r.warnings().isEmpty()) {
            provenance.put("training-warnings", String.join(" | ", r.warnings()));
        }
        provenance.put("java", System.getProperty("java.version", "?"));
        return r.history();
    }

    /** The warnings of the last {@code fit} (skipped studies), empty before. */
    List<String> trainingWarnings() {
        return trainingWarnings;
    }

    /** The provenance recorded in the artifact. */
    Map<String, String> provenance() {
        return java.util.Collections.unmodifiableMap(provenance);
    }

    /** Fault injection for the checkpoint tests. */
    void checkpointHook(CheckpointStore.Hook h) {
        this.checkpointHook = h;
    }

    @Override
    public Predictions predict(Cohort data, Progress progress) {
        trained();
        throw new StageException(data.name(), CovidMtlFactory.NAME + " predicts studies with volumes; a feature"
                + " table has none");
    }

    @Override
    public Prediction predict(Study study) {
        trained();
        List<String> warnings = new ArrayList<>();
        List<String> names = schema.features();
        float[] features = new float[names.size()];
        for (int i = 0; i < features.length; i++) {
            Double v = study.features().get(names.get(i));
            if (v == null) {
                throw new StageException(study.id(), "feature " + names.get(i) + " missing (" + CovidMtlFactory.NAME
                        + " reads " + names.size() + " features by name)");
            }
            if (!Double.isFinite(v)) {
                throw new StageException(study.id(), "feature " + names.get(i) + " is not finite: " + v);
            }
            features[i] = v.floatValue();
        }
        if (scaler != null) {
            double[] raw = new double[features.length];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = study.features().get(names.get(i));
            }
            double[] x = scaler.transform(raw);
            for (int i = 0; i < x.length; i++) {
                features[i] = (float) x[i];
            }
        }
        if (study.volume() == null) {
            throw new StageException(study.id(), "no volume: " + CovidMtlFactory.NAME + " reads the CT volume");
        }
        StudyVolume sv = study.volume().open();
        if (sv == null) {
            throw new StageException(study.id(), "no volume: " + CovidMtlFactory.NAME + " reads the CT volume");
        }
        VolumeSchema vs = schema.volume();
        float[] volume = VolumeInput.of(study.id(), sv, vs, warnings);
        double[][] p = probabilities(volume, features);
        Map<String, double[]> byTask = new LinkedHashMap<>();
        List<Task> tasks = schema.tasks();
        for (int k = 0; k < tasks.size(); k++) {
            byTask.put(tasks.get(k).name(), p[k]);
        }
        return new Prediction(study.id(), CovidMtlFactory.NAME + " " + CovidMtlFactory.VERSION, byTask, warnings);
    }

    /** Softmax of each head's logits for one prepared volume (D·H·W floats) and its features. */
    double[][] probabilities(float[] volume, float[] features) {
        VolumeSchema vs = schema.volume();
        INDArray v = Nd4j.create(volume, new long[] {1, 1, vs.depth(), vs.height(), vs.width()}, 'c');
        INDArray r = Nd4j.create(features, new long[] {1, features.length}, 'c');
        INDArray[] logits;
        synchronized (graph) {
            logits = graph.output(false, v, r);
        }
        double[][] out = new double[logits.length][];
        for (int k = 0; k < logits.length; k++) {
            out[k] = softmax(logits[k].castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector());
        }
        return out;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : z) {
            max = Math.max(max, x);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Override
    public ModelSchema schema() {
        trained();
        return schema;
    }

    @Override
    public void save(Path artifact) {
        trained();
        ArtifactManifest manifest = new ArtifactManifest(schema, settings.parameters(), seed, loss, trainingData,
                created, provenance, Map.of());
        try {
            Artifacts.write(artifact, manifest, folder -> {
                Path w = folder.resolve(WEIGHTS);
                Files.createDirectory(w);
                synchronized (graph) {
                    TorchWeightImporter.save(graph, w);
                }
                if (scaler != null) {
                    FeatureScaler.write(scaler, schema.features(), folder);
                }
            });
        } catch (ModelArtifactException e) {
            throw e;
        } catch (StageException e) {
            throw new ModelArtifactException(e.input(), e.problem(), e);
        }
    }

    /** Sets the feature scaling read from an artifact. */
    CovidMtlModel withScaler(org.covidmtl.api.cohort.MinMaxScaler s) {
        this.scaler = s;
        return this;
    }

    /** The network (for tests and the importer). */
    ComputationGraph graph() {
        trained();
        return graph;
    }

    private void trained() {
        if (graph == null) {
            throw new IllegalStateException(CovidMtlFactory.NAME + " model is not trained (fit it on studies with"
                    + " volumes, import PyTorch weights or load an artifact)");
        }
    }
}
