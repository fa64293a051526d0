package org.covidmtl.models.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.ActivationMap;
import org.covidmtl.api.model.ClassActivation;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.TransferLearning;
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
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
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
final class CovidMtlModel implements Model, StudyTraining, ClassActivation, TransferLearning {

    /** The artifact's folder of tensors. */
    static final String WEIGHTS = "weights";

    private final CovidMtlSettings settings;
    private final long seed;
    private final String loss;
    private final ModelSettings.Loss lossStrategy;
    private ComputationGraph graph;
    /** The inference graph with the batch norms folded in (built on the first prediction, under the graph's lock). */
    private BatchNormFolding folding;
    private ModelSchema schema;
    private String trainingData;
    private String created;
    private final Map<String, String> provenance;
    private volatile List<String> trainingWarnings = List.of();
    private CheckpointStore.Hook checkpointHook;
    /** The training studies' feature scaling ({@link FeatureScaler}); null for imported weights. */
    private org.covidmtl.api.cohort.MinMaxScaler scaler;
    /** Transfer learning: where {@code fit} starts (a trained network with new heads), else null. */
    private Transfer transfer;

    /** The start of a transferred model: weights, the layers kept as they are, and the source's inputs. */
    record Transfer(ComputationGraph start, java.util.Set<String> frozenLayers, List<String> features,
            org.covidmtl.api.cohort.MinMaxScaler scaler, String description) {
    }

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
        List<String> features = transfer != null ? transfer.features() : settings.featureNames();
        VolumeSchema vs = settings.volumeSchema();
        ComputationGraph g = transfer != null ? transfer.start() : VolumeRadioGraph.build(settings.config());
        TrainableNetwork net = new TrainableNetwork(CovidMtlFactory.NAME, CovidMtlSettings.TASKS,
                VolumeRadioGraph.OUTPUTS, VolumeRadioGraph.SHIFT, true, settings.parameters());
        VolumeTrainer trainer = new VolumeTrainer(net, settings.training(), seed, lossStrategy, features, vs,
                checkpointHook, transfer == null ? java.util.Set.of() : transfer.frozenLayers());
        // a transferred model keeps its source's feature scaling: its feature branch was trained on it
        org.covidmtl.api.cohort.MinMaxScaler fitted = transfer != null && transfer.scaler() != null
                ? transfer.scaler() : FeatureScaler.fit(train, features);
        VolumeTrainer.Result r = trainer.train(g, FeatureScaler.apply(fitted, train, features),
                FeatureScaler.apply(fitted, validation == null ? List.of() : validation, features), p);
        scaler = fitted;
        trainingWarnings = List.copyOf(r.warnings());
        graph = g;
        schema = new ModelSchema(CovidMtlFactory.NAME, CovidMtlFactory.VERSION, CovidMtlSettings.TASKS, features,
                List.of(), vs);
        trainingData = r.trainingData(validation == null ? 0 : validation.size(), settings.training().epochs());
        created = java.time.Instant.now().toString();
        r.record(provenance, "trained with " + CovidMtlFactory.NAME + " " + CovidMtlFactory.VERSION);
        if (transfer != null) {
            provenance.put("transferred-from", transfer.description());
            trainingData = trainingData + "; " + transfer.description();
            transfer = null;
        }
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
        float[] features = scaledFeatures(study);
        VolumeSchema vs = schema.volume();
        float[] volume = VolumeInput.of(study.id(), open(study), vs, warnings);
        double[][] p = probabilities(volume, features);
        Map<String, double[]> byTask = new LinkedHashMap<>();
        List<Task> tasks = schema.tasks();
        for (int k = 0; k < tasks.size(); k++) {
            byTask.put(tasks.get(k).name(), p[k]);
        }
        return new Prediction(study.id(), CovidMtlFactory.NAME + " " + CovidMtlFactory.VERSION, byTask, warnings);
    }

    /** The study's features by the schema's names, scaled as in training. */
    float[] scaledFeatures(Study study) {
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
        return features;
    }

    private static StudyVolume open(Study study) {
        StudyVolume sv = study.volume() == null ? null : study.volume().open();
        if (sv == null) {
            throw new StageException(study.id(), "no volume: " + CovidMtlFactory.NAME + " reads the CT volume");
        }
        return sv;
    }

    /**
     * The class activation map of a head (see {@link ClassActivationMaps}): the head's 32 convolution maps
     * (after their ReLU, the last convolutional layer) weighted by the linear layer's weights of the class for the
     * pooled convolution inputs. The feature branch adds the same amount everywhere and is left out.
     */
    @Override
    public List<ActivationMap> activationMaps(Study study, Map<String, Integer> classByTask) {
        trained();
        List<Task> tasks = schema.tasks();
        int[] heads = new int[classByTask.size()];
        int[] classesWanted = new int[classByTask.size()];
        int n = 0;
        for (Map.Entry<String, Integer> e : classByTask.entrySet()) {
            int k = -1;
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.get(i).name().equals(e.getKey())) {
                    k = i;
                }
            }
            if (k < 0) {
                throw new IllegalArgumentException(CovidMtlFactory.NAME + " has no task " + e.getKey() + " (tasks: "
                        + tasks.stream().map(Task::name).collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
            int classes = tasks.get(k).classes();
            int c = e.getValue() == null ? -1 : e.getValue();
            if (c < -1 || c >= classes) {
                throw new IllegalArgumentException("task " + e.getKey() + " has classes 0.." + (classes - 1)
                        + ", not " + c);
            }
            heads[n] = k;
            classesWanted[n++] = c;
        }
        float[] features = scaledFeatures(study);
        StudyVolume sv = open(study);
        VolumeSchema vs = schema.volume();
        float[] volume = VolumeInput.of(study.id(), sv, vs, new ArrayList<>());
        Map<String, INDArray> acts = activations(volume, features);
        float[] hu = new float[volume.length];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (float) (volume[i] * vs.std() + vs.mean() - vs.offset());
        }
        VolumeGeometry g = inputGeometry(sv, vs);
        Volume image = new Volume(g, hu);
        List<ActivationMap> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Cam cam = cam(acts, heads[i], classesWanted[i]);
            double[] scaled = ClassActivationMaps.positiveScaled(cam.cells());
            float[] map = ClassActivationMaps.upsample(scaled, cam.cx(), cam.cy(), cam.cz(), vs.width(), vs.height(),
                    vs.depth());
            double rawMax = Double.NEGATIVE_INFINITY;
            for (double v : cam.cells()) {
                rawMax = Math.max(rawMax, v);
            }
            out.add(new ActivationMap(study.id(), CovidMtlFactory.NAME + " " + CovidMtlFactory.VERSION,
                    tasks.get(heads[i]).name(), cam.cls(), cam.probabilities(), image, new Volume(g, map),
                    new int[] {cam.cx(), cam.cy(), cam.cz()}, rawMax));
        }
        return out;
    }

    /** A head's map on its cell grid, with the class it is for and the task's probabilities and logits. */
    record Cam(int cls, double[] cells, int cx, int cy, int cz, double[] probabilities, double[] logits,
            Map<String, INDArray> activations) {
    }

    /** Forward pass in evaluation mode, keeping every vertex's activations. */
    Map<String, INDArray> activations(float[] volume, float[] features) {
        VolumeSchema vs = schema.volume();
        INDArray v = Nd4j.create(volume, new long[] {1, 1, vs.depth(), vs.height(), vs.width()}, 'c');
        INDArray r = Nd4j.create(features, new long[] {1, features.length}, 'c');
        synchronized (graph) {
            return graph.feedForward(new INDArray[] {v, r}, false, false);
        }
    }

    /** The map of head {@code k}, class {@code cls} (−1: the predicted one), from one forward pass. */
    Cam cam(float[] volume, float[] features, int k, int cls) {
        return cam(activations(volume, features), k, cls);
    }

    private Cam cam(Map<String, INDArray> acts, int k, int cls) {
        INDArray w;
        synchronized (graph) {
            w = graph.getLayer(VolumeRadioGraph.OUTPUTS[k]).getParam("W").dup('c');
        }
        double[] logits = acts.get(VolumeRadioGraph.OUTPUTS[k]).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .toDoubleVector();
        double[] p = softmax(logits);
        int c = cls;
        if (c < 0) {
            c = 0;
            for (int i = 1; i < p.length; i++) {
                if (p[i] > p[c]) {
                    c = i;
                }
            }
        }
        INDArray a = acts.get(VolumeRadioGraph.HEAD_CONV[k]);
        long[] shape = a.shape(); // [1, channels, z, y, x]
        int channels = (int) shape[1];
        int cz = (int) shape[2];
        int cy = (int) shape[3];
        int cx = (int) shape[4];
        float[] av = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').reshape(a.length()).toFloatVector();
        float[] wv = w.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(w.length()).toFloatVector();
        double[] cells = ClassActivationMaps.weightedSum(av, channels, cx * cy * cz, wv, (int) w.size(1), c);
        return new Cam(c, cells, cx, cy, cz, p, logits, acts);
    }

    /** The input grid in the study's space: the crop's corner placed where it lies in the CT. */
    private static VolumeGeometry inputGeometry(StudyVolume sv, VolumeSchema vs) {
        int[] size = {vs.width(), vs.height(), vs.depth()};
        double[] spacing = {vs.spacingMm(), vs.spacingMm(), vs.spacingMm()};
        VolumeGeometry g = sv.ct().geometry();
        if (sv.prepared()) {
            return new VolumeGeometry(size, spacing, g.origin(), g.direction());
        }
        int[] start = VolumeInput.cropStart(g, vs);
        return new VolumeGeometry(size, spacing, g.toPhysical(start[0], start[1], start[2]), g.direction());
    }

    /**
     * A new model that starts from this one's weights: the heads of {@code newHeads} re-initialised as a new model
     * of {@code settings}' seed would have them; with {@code freeze}, every other layer (trunk, Shift3D, feature
     * branch, the other heads, and the batch normalisation statistics) stays as it is during training. The
     * architecture (input shape, features) is this model's; {@code settings} gives the seed, loss and training
     * parameters, and may repeat the architecture parameters only with this model's values.
     */
    @Override
    public Model transfer(ModelSettings settings, java.util.Set<String> newHeads, boolean freeze) {
        trained();
        if (newHeads == null || newHeads.isEmpty()) {
            throw new IllegalArgumentException("transfer learning needs at least one task for new heads");
        }
        List<String> names = schema.tasks().stream().map(Task::name).toList();
        for (String t : newHeads) {
            if (!names.contains(t)) {
                throw new IllegalArgumentException(CovidMtlFactory.NAME + " has no task " + t + " (tasks: "
                        + String.join(", ", names) + ")");
            }
        }
        Map<String, String> p = new LinkedHashMap<>(settings.parameters());
        for (String a : CovidMtlSettings.ARCHITECTURE) {
            String mine = this.settings.parameters().get(a);
            String theirs = p.get(a);
            if (theirs != null && mine != null && !theirs.equals(mine)
                    && !(a.equals(CovidMtlSettings.FEATURE_NAMES))) {
                try {
                    if (Double.parseDouble(theirs) == Double.parseDouble(mine)) {
                        continue;
                    }
                } catch (NumberFormatException e) {
                    // not numbers: they differ
                }
                throw new StageException("parameter " + a, "is " + mine + " in the trained model; a transferred"
                        + " model keeps its source's architecture (" + theirs + " given)");
            }
            if (mine != null && !a.equals(CovidMtlSettings.FEATURE_NAMES)) {
                p.put(a, mine);
            }
        }
        p.remove(CovidMtlSettings.FEATURE_NAMES);
        p.put(CovidMtlSettings.RADIO_FEATURES, Integer.toString(schema.features().size()));
        ModelSettings merged = new ModelSettings(schema.tasks(), p, settings.seed(), settings.loss(),
                settings.inputScaler());
        CovidMtlSettings s = CovidMtlSettings.of(merged);
        ComputationGraph start;
        synchronized (graph) {
            start = graph.clone();
        }
        ComputationGraph fresh = VolumeRadioGraph.build(s.config());
        java.util.Set<String> heads = new java.util.HashSet<>();
        for (String t : newHeads) {
            int k = names.indexOf(t);
            heads.add(VolumeRadioGraph.HEAD_CONV[k]);
            heads.add(VolumeRadioGraph.OUTPUTS[k]);
        }
        for (String layer : heads) {
            start.getLayer(layer).setParams(fresh.getLayer(layer).params().dup());
        }
        java.util.Set<String> frozen = new java.util.TreeSet<>();
        if (freeze) {
            for (org.deeplearning4j.nn.api.Layer l : start.getLayers()) {
                String name = l.conf().getLayer().getLayerName();
                if (!heads.contains(name) && l.numParams() > 0) {
                    frozen.add(name);
                }
            }
        }
        CovidMtlModel m = new CovidMtlModel(s, settings.seed(), settings.loss());
        String description = "transfer learning from " + CovidMtlFactory.NAME + " model (" + trainingData
                + "): new heads " + String.join(", ", new java.util.TreeSet<>(newHeads)) + (freeze
                        ? ", everything else frozen" : ", everything fine-tuned");
        m.transfer = new Transfer(start, frozen, schema.features(), scaler, description);
        return m;
    }

    /** Softmax of each head's logits for one prepared volume (D·H·W floats) and its features. */
    double[][] probabilities(float[] volume, float[] features) {
        VolumeSchema vs = schema.volume();
        INDArray v = Nd4j.create(volume, new long[] {1, 1, vs.depth(), vs.height(), vs.width()}, 'c');
        INDArray r = Nd4j.create(features, new long[] {1, features.length}, 'c');
        INDArray[] logits;
        synchronized (graph) {
            if (folding == null) {
                // a trained model's parameters do not change after fit or load: folded once
                folding = new BatchNormFolding(VolumeRadioGraph.buildFolded(settings.config()));
                folding.refresh(graph);
            }
            logits = folding.output(v, r);
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
