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
 * A model of a zoo entry: untrained from {@link ZooFactory#create} (training on volumes is not available to the
 * zoo yet: {@link #fit} refuses), trained from {@link ZooFactory#importWeights} or {@link ZooFactory#load}. Its
 * artifact holds the network's parameters as PyTorch {@code state_dict} tensors ({@code weights/<key>.npy}) beside
 * {@code model.json}; loading rebuilds the graph from the recorded parameters and reads the tensors back.
 */
final class ZooModel implements Model {

    /** The artifact's folder of tensors. */
    static final String WEIGHTS = "weights";

    private final Architecture architecture;
    private final String version;
    private final ZooSettings settings;
    private final long seed;
    private final ComputationGraph graph;
    private final ModelSchema schema;
    private final String trainingData;
    private final String created;
    private final Map<String, String> provenance;

    /** An untrained model. */
    ZooModel(Architecture architecture, String version, ZooSettings settings, long seed) {
        this(architecture, version, settings, seed, null, null, null, null, Map.of());
    }

    /** A trained model around {@code graph}. */
    ZooModel(Architecture architecture, String version, ZooSettings settings, long seed, ComputationGraph graph,
            ModelSchema schema, String trainingData, String created, Map<String, String> provenance) {
        this.architecture = architecture;
        this.version = version;
        this.settings = settings;
        this.seed = seed;
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
        throw new StageException(name(), "training on CT volumes is not available to the zoo models yet (a feature"
                + " table has no volumes); import PyTorch weights or load an artifact");
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
        ArtifactManifest manifest = new ArtifactManifest(schema, settings.parameters(), seed, null, trainingData,
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
            throw new IllegalStateException(name() + " model is not trained (training on CT volumes is not"
                    + " available to the zoo yet; import PyTorch weights or load an artifact)");
        }
    }
}
