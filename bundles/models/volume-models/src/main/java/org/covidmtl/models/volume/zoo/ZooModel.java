package org.covidmtl.models.volume.zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.Model;
import org.covidmtl.models.volume.VolumeTrainer;
import org.covidmtl.models.volume.TrainableNetwork;
import org.covidmtl.api.model.StudyTraining;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.ArtifactManifest;
import org.covidmtl.models.artifact.Artifacts;
import org.covidmtl.models.volume.TorchWeightImporter;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model of a zoo entry: untrained from {@link ZooFactory#create} and then trained once on studies with volumes
 * ({@link StudyTraining#fit(List, List, Progress)}: the covid-mtl trainer, {@link VolumeTrainer}, with the
 * reference's augmentation, optimiser and schedule), or trained from {@link ZooFactory#importWeights} or
 * {@link ZooFactory#load}. Its
 * artifact holds the network's parameters as PyTorch {@code state_dict} tensors ({@code weights/<key>.npy}) beside
 * {@code model.json}; loading rebuilds the graph from the recorded parameters and reads the tensors back.
 */
final class ZooModel implements Model, StudyTraining {

    /** The artifact's folder of tensors. */
    static final String WEIGHTS = "weights";

    private final Architecture architecture;
    private final String version;
    private final ZooSettings settings;
    private final long seed;
    private final ModelSettings.Loss loss;
    private ComputationGraph graph;
    private ModelSchema schema;
    private String trainingData;
    private String created;
    private final Map<String, String> provenance;

    /** An untrained model. */
    ZooModel(Architecture architecture, String version, ZooSettings settings, long seed, ModelSettings.Loss loss) {
        this(architecture, version, settings, seed, loss, null, null, null, null, Map.of());
    }

    /** A trained model around {@code graph}. */
    ZooModel(Architecture architecture, String version, ZooSettings settings, long seed, ComputationGraph graph,
            ModelSchema schema, String trainingData, String created, Map<String, String> provenance) {
        this(architecture, version, settings, seed, null, graph, schema, trainingData, created, provenance);
    }

    private ZooModel(Architecture architecture, String version, ZooSettings settings, long seed,
            ModelSettings.Loss loss, ComputationGraph graph, ModelSchema schema, String trainingData, String created,
            Map<String, String> provenance) {
        this.architecture = architecture;
        this.version = version;
        this.settings = settings;
        this.seed = seed;
        this.loss = loss;
        this.graph = graph;
        this.schema = schema;
        this.trainingData = trainingData;
        this.created = created;
        this.provenance = new LinkedHashMap<>(provenance);
    }

    private String name() {
        return architecture.zooName();
    }

    @Override
    public TrainingHistory fit(Cohort train, Cohort validation, Progress progress) {
        throw new StageException(train == null ? name() : train.name(), name() + " trains on CT volumes: a feature "
                + "table has none (use StudyTraining.fit with labelled studies)");
    }

    /**
     * Trains the untrained model on studies with volumes, as covid-mtl trains (see {@link VolumeTrainer}): random
     * crops at the reference's offsets, rot90/flip, noise, SGD Nesterov with the cosine schedule, the loss strategy
     * of a multitask model's settings (mean when none), checkpoints and resume as the parameters say.
     *
     * @throws IllegalStateException when the model is already trained
     */
    @Override
    public TrainingHistory fit(List<LabelledStudy> train, List<LabelledStudy> validation, Progress progress) {
        if (graph != null) {
            throw new IllegalStateException(name() + " model is already trained (a model is trained once; create a "
                    + "new one)");
        }
        VolumeSchema vs = settings.volumeSchema();
        if (vs.height() != vs.width()) {
            throw new StageException("parameter height/width", name() + " trains on square slices (the reference's "
                    + "rot90 augmentation), is " + vs.height() + "×" + vs.width());
        }
        ComputationGraph g = ZooGraphs.build(settings.config());
        String[] outputs = g.getConfiguration().getNetworkOutputs().toArray(new String[0]);
        TrainableNetwork net = new TrainableNetwork(name(), settings.tasks(), outputs, architecture.canShift()
                ? ZooGraphs.SHIFT : null, false, settings.parameters());
        VolumeTrainer.Result r = new VolumeTrainer(net, settings.training(), seed, loss, List.of(), vs).train(g, train,
                validation == null ? List.of() : validation, progress == null ? Progress.none() : progress);
        graph = g;
        schema = new ModelSchema(name(), version, settings.tasks(), List.of(), List.of(), vs);
        trainingData = r.trainingData(validation == null ? 0 : validation.size(), settings.training().epochs());
        created = java.time.Instant.now().toString();
        r.record(provenance, "trained with " + name() + " " + version);
        return r.history();
    }

    @Override
    public Predictions predict(Cohort data, Progress progress) {
        trained();
        throw new StageException(data.name(), name() + " predicts studies with volumes; a feature table has none");
    }

    @Override
    public Prediction predict(Study study) {
        trained();
        List<String> warnings = new ArrayList<>();
        StudyVolume sv = study.volume() == null ? null : study.volume().open();
        if (sv == null) {
            throw new StageException(study.id(), "no volume: " + name() + " reads the CT volume");
        }
        float[] volume = org.covidmtl.models.volume.VolumeInput.of(study.id(), sv, schema.volume(), warnings);
        double[][] p = probabilities(volume);
        Map<String, double[]> byTask = new LinkedHashMap<>();
        List<Task> tasks = schema.tasks();
        for (int k = 0; k < tasks.size(); k++) {
            byTask.put(tasks.get(k).name(), p[k]);
        }
        return new Prediction(study.id(), name() + " " + version, byTask, warnings);
    }

    /** Softmax of each head's logits for one prepared volume (D·H·W floats). */
    double[][] probabilities(float[] volume) {
        VolumeSchema vs = schema.volume();
        INDArray v = Nd4j.create(volume, new long[] {1, 1, vs.depth(), vs.height(), vs.width()}, 'c');
        INDArray[] logits;
        synchronized (graph) {
            logits = graph.output(false, v.castTo(graph.getConfiguration().getDataType()));
        }
        double[][] out = new double[logits.length][];
        for (int k = 0; k < logits.length; k++) {
            out[k] = softmax(logits[k].castTo(DataType.DOUBLE).toDoubleVector());
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
        ArtifactManifest manifest = new ArtifactManifest(schema, settings.parameters(), seed, loss == null ? null
                : loss.name(), trainingData,
                created, provenance, Map.of());
        try {
            Artifacts.write(artifact, manifest, folder -> {
                Path w = folder.resolve(WEIGHTS);
                Files.createDirectory(w);
                synchronized (graph) {
                    TorchWeightImporter.save(graph, w);
                }
            });
        } catch (ModelArtifactException e) {
            throw e;
        } catch (StageException e) {
            throw new ModelArtifactException(e.input(), e.problem(), e);
        }
    }

    /** The network (for tests). */
    ComputationGraph graph() {
        trained();
        return graph;
    }

    Architecture architecture() {
        return architecture;
    }

    private void trained() {
        if (graph == null) {
            throw new IllegalStateException(name() + " model is not trained (fit it on studies with volumes, import"
                    + " PyTorch weights or load an artifact)");
        }
    }
}
