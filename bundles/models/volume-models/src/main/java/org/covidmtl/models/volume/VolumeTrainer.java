package org.covidmtl.models.volume;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.CanceledException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the VOLUME_RADIO graph on labelled studies as the reference does (see the module README, "Training"):
 * fixed study order (the reference does not shuffle), batches of {@code batch-size}, per epoch the learning rate
 * max(min, ½·lr<sub>0</sub>·(1 + cos(π·e/E))), per iteration the loss strategy's weights set into the three
 * {@link TaskCrossEntropy}s, one forward/backward pass (dropout, Shift3D and BN in training mode), one
 * {@link TorchSgd} step, then the strategy's {@code total} and {@code learn}.
 * <p>
 * Loading and augmentation ({@link VolumeAugment}) of the next batch run on one background thread while the
 * current batch trains (one batch ahead). A study whose volume cannot be opened, is missing, has a non-finite voxel
 * or the wrong shape is left out of its batch with a warning naming it (once per study; the run goes on).
 * <p>
 * Determinism (what makes resume exact): every random source is re-seeded from (seed, epoch[, study]) — ND4J's
 * random generator (dropout) and Shift3D's at the start of each epoch, each study's augmentation from (seed, epoch,
 * study index) — so no generator state has to be saved. The loss strategy's {@link TaskWeighting} cannot be saved
 * through the API, so it is re-created from the run's seed and replayed: the checkpoint holds each iteration's
 * learning rate and per-task losses, and {@code next(); total(L); learn(L, lr)} is called for each of them again
 * (its {@code parameters()} after the replay are checked against the saved ones).
 */
public final class VolumeTrainer {

    private static final System.Logger LOG = System.getLogger(VolumeTrainer.class.getName());
    private static final long DROPOUT_STREAM = 0x44524f50L;
    private static final long SHIFT_STREAM = 0x53484654L;
    private static final long AUGMENT_STREAM = 0x41554754L;

    /** One study ready for the network. */
    record Sample(int index, String id, float[] volume, float[] features, int[] labels) {
    }

    /** A batch as the loader made it: the usable samples and the studies left out (id → reason). */
    record Batch(List<Sample> samples, Map<String, String> skipped) {
    }

    /** What a run gives back. */
    public record Result(TrainingHistory history, List<String> warnings, int studiesUsed, int studiesSkipped,
            String fingerprint, int resumedFrom) {

        /** The artifact's training-data line: studies used and skipped, validation studies, epochs, the run's hash. */
        public String trainingData(int validationStudies, int epochs) {
            return "trained on " + studiesUsed + " studies with volumes (" + studiesSkipped + " skipped), "
                    + validationStudies + " validation studies, " + epochs + " epochs (run sha256 " + fingerprint
                    + ")";
        }

        /** Records the run in an artifact's provenance: origin, run hash, resume epoch, warnings, Java version. */
        public void record(Map<String, String> provenance, String origin) {
            provenance.put("origin", origin);
            provenance.put("run-sha256", fingerprint);
            if (resumedFrom > 0) {
                provenance.put("resumed-from-epoch", Integer.toString(resumedFrom));
            }
            if (!warnings.isEmpty()) {
                provenance.put("training-warnings", String.join(" | ", warnings));
            }
            provenance.put("java", System.getProperty("java.version", "?"));
        }
    }

    private final TrainableNetwork net;
    private final TrainingSettings t;
    private final long seed;
    private final ModelSettings.Loss loss;
    private final List<String> featureNames;
    private final VolumeSchema schema;
    private final CheckpointStore.Hook hook;
    /** Layers whose parameters (and batch normalisation statistics) stay as they are (transfer learning). */
    private final java.util.Set<String> frozen;
    /** Tasks (heads) of the network. */
    private final int tasks;
    /** Nanoseconds the loader thread spent reading, cropping and augmenting, by epoch. */
    private final Map<Integer, Long> loadingNanos = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A trainer of {@code net} with every layer trained.
     *
     * @param featureNames the features read by name when the network reads them (else empty)
     */
    public VolumeTrainer(TrainableNetwork net, TrainingSettings t, long seed, ModelSettings.Loss loss,
            List<String> featureNames, VolumeSchema schema) {
        this(net, t, seed, loss, featureNames, schema, null, java.util.Set.of());
    }

    /**
     * @param hook fault injection for the checkpoint tests, or null
     * @param frozen layers left as they are
     */
    VolumeTrainer(TrainableNetwork net, TrainingSettings t, long seed, ModelSettings.Loss loss,
            List<String> featureNames, VolumeSchema schema, CheckpointStore.Hook hook, java.util.Set<String> frozen) {
        this.net = net;
        this.t = t;
        this.tasks = net.tasks().size();
        this.frozen = java.util.Set.copyOf(frozen);
        this.seed = seed;
        this.loss = loss;
        this.featureNames = featureNames;
        this.schema = schema;
        this.hook = hook;
    }

    /** The {@link TaskCrossEntropy} of an output vertex (an output layer, or a loss layer over logits). */
    static TaskCrossEntropy lossOf(ComputationGraph graph, String output) {
        org.deeplearning4j.nn.conf.layers.Layer l = graph.getLayer(output).conf().getLayer();
        Object f = l instanceof BaseOutputLayer b ? b.getLossFn()
                : l instanceof org.deeplearning4j.nn.conf.layers.LossLayer ll ? ll.getLossFn() : null;
        if (!(f instanceof TaskCrossEntropy t)) {
            throw new IllegalStateException("output " + output + " is not trained with a TaskCrossEntropy (" + f + ")");
        }
        return t;
    }

    /** SplitMix64 finaliser of a combination of the parts: a seed per (run seed, stream, epoch, study). */
    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h += p * 0xBF58476D1CE4E5B9L + 0x9E3779B97F4A7C15L;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return h;
    }

    TaskWeighting weighting() {
        if (loss == null) {
            return new TaskWeighting() {
                @Override
                public double[] next() {
                    double[] w = new double[tasks];
                    Arrays.fill(w, 1.0 / tasks);
                    return w;
                }

                @Override
                public double total(double[] l) {
                    double s = 0;
                    for (double x : l) {
                        s += x;
                    }
                    return s / l.length;
                }
            };
        }
        return loss.strategy().start(tasks, seed);
    }

    public Result train(ComputationGraph graph, List<LabelledStudy> train, List<LabelledStudy> validation,
            Progress progress) {
        if (train == null || train.isEmpty()) {
            throw new StageException("training set", "no studies to train on");
        }
        List<String> warnings = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        progressEpochs = t.epochs();
        List<Prepared> rows = check(train, "training", skipped);
        List<Prepared> val = validation == null ? List.of() : check(validation, "validation", skipped);
        skipped.forEach((id, why) -> warnings.add(id + ": skipped: " + why));
        if (rows.isEmpty()) {
            throw new StageException("training set", "no study has a label: " + firstSkipped(skipped));
        }
        if (t.threads() > 0) {
            Nd4j.getEnvironment().setMaxThreads(t.threads());
            Nd4j.getEnvironment().setMaxMasterThreads(t.threads());
        }
        String fingerprint = fingerprint(train, validation);
        TorchSgd sgd = new TorchSgd(t.learningRate(), t.momentum(), t.weightDecay(), true);
        sgd.freeze(frozen);
        Map<String, INDArray> frozenState = new LinkedHashMap<>();
        graph.paramTable().forEach((key, value) -> {
            if (frozen.contains(key.substring(0, key.lastIndexOf('_'))) && !TorchSgd.trained(graph, key)) {
                frozenState.put(key, value.dup());
            }
        });
        TaskWeighting weighting = weighting();
        Shift3DSampler shift = net.shiftVertex() == null || graph.getVertex(net.shiftVertex()) == null ? null
                : ((Shift3DLayer) graph.getLayer(net.shiftVertex())).sampler();
        TaskCrossEntropy[] losses = new TaskCrossEntropy[tasks];
        for (int k = 0; k < tasks; k++) {
            losses[k] = lossOf(graph, net.outputs()[k]);
        }
        List<double[]> replay = new ArrayList<>();
        List<TrainingHistory.Epoch> history = new ArrayList<>();
        CheckpointStore store = t.checkpoints() == null ? null : new CheckpointStore(Path.of(t.checkpoints()), hook);
        int start = 0;
        if (store != null) {
            store.open(t.resume());
            Path latest = t.resume() ? store.latest() : null;
            if (latest != null) {
                start = restore(store.read(latest), latest, graph, sgd, shift, fingerprint, history, replay,
                        warnings, skipped);
                weighting = replayed(replay, latest);
                progress.setProgress((double) start / t.epochs(), "resumed from " + latest + " (epoch " + start
                        + ")");
            } else if (t.resume()) {
                progress.setProgress(0, "no checkpoint in " + store.folder() + ": training from the start");
            }
        }
        if (start >= t.epochs()) {
            return new Result(new TrainingHistory(history), warnings, rows.size(), skipped.size(), fingerprint,
                    start);
        }
        int bs = t.batchSize();
        int batches = (rows.size() + bs - 1) / bs;
        ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "covid-mtl-loader");
            th.setDaemon(true);
            return th;
        });
        try {
            // the next epoch's first batch is loaded while this epoch's last batch trains (loading is a function of
            // the epoch and the study alone, so the order of loads does not change what is loaded)
            Future<Batch> prefetched = null;
            for (int e = start; e < t.epochs(); e++) {
                progress.checkCanceled();
                double lr = t.learningRate(e);
                sgd.learningRate(lr);
                Nd4j.getRandom().setSeed(mix(seed, DROPOUT_STREAM, e));
                if (shift != null) {
                    shift.random(ShiftRandom.seeded(mix(seed, SHIFT_STREAM, e)));
                }
                final int epoch = e;
                long epochStart = System.nanoTime();
                long waitNanos = 0;
                long computeNanos = 0;
                Future<Batch> next = prefetched != null ? prefetched : loader.submit(() -> load(rows, 0, bs, epoch,
                        true));
                prefetched = null;
                double sumTotal = 0;
                double[] sumLoss = new double[tasks];
                double[] sumWeight = new double[tasks];
                int iterations = 0;
                for (int b = 0; b < batches; b++) {
                    long w0 = System.nanoTime();
                    Batch batch = get(next);
                    waitNanos += System.nanoTime() - w0;
                    final int nb = b + 1;
                    next = nb < batches ? loader.submit(() -> load(rows, nb, bs, epoch, true)) : null;
                    if (nb == batches && epoch + 1 < t.epochs()) {
                        prefetched = loader.submit(() -> load(rows, 0, bs, epoch + 1, true));
                    }
                    note(batch, skipped, warnings, e, progress);
                    progress.checkCanceled();
                    if (batch.samples().isEmpty()) {
                        continue;
                    }
                    double[] w = weighting.next();
                    long c0 = System.nanoTime();
                    double[] l = step(graph, batch.samples(), w, losses, sgd);
                    frozenState.forEach((key, value) -> graph.getParam(key).assign(value));
                    computeNanos += System.nanoTime() - c0;
                    double total = weighting.total(l);
                    if (!Double.isFinite(total)) {
                        throw new StageException("epoch " + (e + 1), "loss diverged at iteration " + (b + 1) + " of "
                                + batches + ": total " + total + ", per task " + Arrays.toString(l)
                                + " (learning rate " + lr + ")");
                    }
                    weighting.learn(l, lr);
                    double[] row = new double[1 + tasks];
                    row[0] = lr;
                    System.arraycopy(l, 0, row, 1, tasks);
                    replay.add(row);
                    sumTotal += total;
                    for (int k = 0; k < tasks; k++) {
                        sumLoss[k] += l[k];
                        sumWeight[k] += w[k];
                    }
                    iterations++;
                    progress.setProgress((e + (b + 1.0) / batches) / t.epochs(), String.format(
                            "epoch %d/%d batch %d/%d loss %.4f", e + 1, t.epochs(), b + 1, batches, total));
                }
                if (iterations == 0) {
                    throw new StageException("training set", "no study could be used in epoch " + (e + 1) + ": "
                            + firstSkipped(skipped));
                }
                double[] meanLoss = new double[tasks];
                double[] meanWeight = new double[tasks];
                for (int k = 0; k < tasks; k++) {
                    meanLoss[k] = sumLoss[k] / iterations;
                    meanWeight[k] = sumWeight[k] / iterations;
                }
                long trainNanos = System.nanoTime() - epochStart;
                double vl = val.isEmpty() ? Double.NaN : validate(graph, val, weighting, loader, skipped, warnings,
                        e, progress);
                String timing = String.format(Locale.ROOT, "training %.1f s: compute %.1f s, waiting for data %.1f s"
                        + " (loader busy %.1f s)", trainNanos / 1e9, computeNanos / 1e9, waitNanos / 1e9,
                        loadingNanos.getOrDefault(e, 0L) / 1e9);
                LOG.log(Level.INFO, "epoch " + (e + 1) + "/" + t.epochs() + " " + timing);
                history.add(new TrainingHistory.Epoch(e + 1, lr, sumTotal / iterations, vl, meanLoss, meanWeight));
                if (store != null) {
                    store.write(content(e + 1, graph, sgd, shift, replay, history, warnings, skipped, fingerprint,
                            weighting));
                }
                progress.setProgress((e + 1.0) / t.epochs(), String.format("epoch %d/%d done: loss %.4f%s%s; %s",
                        e + 1, t.epochs(), sumTotal / iterations, Double.isNaN(vl) ? "" : String.format(
                                ", validation %.4f", vl), store == null ? "" : ", checkpoint "
                                        + CheckpointStore.name(e + 1), timing));
            }
        } finally {
            loader.shutdownNow();
            graph.clearLayerMaskArrays();
        }
        int skippedTrain = 0;
        for (Prepared p : rows) {
            if (skipped.containsKey(p.study.id())) {
                skippedTrain++;
            }
        }
        return new Result(new TrainingHistory(history), warnings, rows.size() - skippedTrain,
                skipped.size(), fingerprint, start);
    }

    /** A study checked up front: labels and features (cheap), the volume is opened per batch. */
    private record Prepared(int index, Study study, int[] labels, float[] features) {
    }

    private List<Prepared> check(List<LabelledStudy> list, String set, Map<String, String> skipped) {
        int[] classes = net.classes();
        List<Prepared> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            LabelledStudy ls = list.get(i);
            if (ls == null) {
                throw new StageException(set + " set", "study " + (i + 1) + " is null");
            }
            Study s = ls.study();
            int[] y = ls.labels();
            if (y.length != tasks) {
                throw new StageException(s.id(), y.length + " labels, " + net.model() + " needs " + tasks + " ("
                        + String.join(", ", net.tasks().stream().map(org.covidmtl.api.cohort.Task::name).toList())
                        + "; -1 = unknown)");
            }
            boolean any = false;
            for (int k = 0; k < tasks; k++) {
                if (y[k] < -1 || y[k] >= classes[k]) {
                    throw new StageException(s.id(), "label " + y[k] + " of task " + net.tasks().get(k)
                            .name() + " is outside 0.." + (classes[k] - 1) + " (-1 = unknown)");
                }
                any |= y[k] >= 0;
            }
            float[] f = new float[featureNames.size()];
            for (int j = 0; j < f.length; j++) {
                Double v = s.features().get(featureNames.get(j));
                if (v == null) {
                    throw new StageException(s.id(), "feature " + featureNames.get(j) + " missing ("
                            + net.model() + " reads " + f.length + " features by name)");
                }
                if (!Double.isFinite(v)) {
                    throw new StageException(s.id(), "feature " + featureNames.get(j) + " is not finite: " + v);
                }
                f[j] = v.floatValue();
            }
            if (!any) {
                skipped.putIfAbsent(s.id(), "no label for any task");
                continue;
            }
            out.add(new Prepared(i, s, y, f));
        }
        return out;
    }

    /** Loads (and, in training, augments) batch {@code b}; runs on the loader thread. */
    private Batch load(List<Prepared> rows, int b, int bs, int epoch, boolean training) {
        long t0 = System.nanoTime();
        try {
            return loadBatch(rows, b, bs, epoch, training);
        } finally {
            loadingNanos.merge(epoch, System.nanoTime() - t0, Long::sum);
        }
    }

    private Batch loadBatch(List<Prepared> rows, int b, int bs, int epoch, boolean training) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (int i = b * bs; i < Math.min(rows.size(), (b + 1) * bs); i++) {
            Prepared p = rows.get(i);
            try {
                samples.add(new Sample(p.index, p.study.id(), input(p, epoch, training), p.features, p.labels));
            } catch (CanceledException e) {
                throw e;
            } catch (RuntimeException e) {
                String msg = e instanceof StageException se ? se.problem() : e.toString();
                skipped.put(p.study.id(), msg.replace('\n', ' '));
            }
        }
        return new Batch(samples, skipped);
    }

    private float[] input(Prepared p, int epoch, boolean training) {
        Study s = p.study;
        if (s.volume() == null) {
            throw new StageException(s.id(), "no volume");
        }
        StudyVolume sv = s.volume().open();
        if (sv == null) {
            throw new StageException(s.id(), "no volume");
        }
        boolean augment = training && t.augment();
        SplittableRandom r = augment ? new SplittableRandom(mix(seed, AUGMENT_STREAM, epoch, p.index)) : null;
        float[] v;
        if (sv.prepared()) {
            // already cropped and normalised: no crop, no noise (its scale is not HU); rot90/flip still apply
            v = VolumeInput.of(s.id(), sv, schema, new ArrayList<>());
        } else {
            v = VolumeAugment.crop(s.id(), sv.ct(), sv.lungs(), schema, t.cropMargin(),
                    VolumeAugment.offsets(r, t.cropMargin()));
            if (augment) {
                VolumeAugment.noise(v, r, t.noiseProbability());
            }
            VolumeAugment.normalise(v, schema);
        }
        if (augment) {
            v = VolumeAugment.orient(v, schema.depth(), schema.width(), VolumeAugment.drawOrientation(r));
        }
        return v;
    }

    private static Batch get(Future<Batch> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CanceledException("canceled");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
    }

    private void note(Batch batch, Map<String, String> skipped, List<String> warnings, int epoch,
            Progress progress) {
        batch.skipped().forEach((id, why) -> {
            if (skipped.putIfAbsent(id, why) == null) {
                String w = id + ": skipped (epoch " + (epoch + 1) + "): " + why;
                warnings.add(w);
                LOG.log(Level.WARNING, w);
                progress.setProgress((double) epoch / Math.max(1, progressEpochs), "warning: " + w);
            }
        });
    }

    /** One iteration: weights into the losses, forward/backward, SGD step; returns the raw per-task losses. */
    private double[] step(ComputationGraph graph, List<Sample> samples, double[] w, TaskCrossEntropy[] losses,
            TorchSgd sgd) {
        int n = samples.size();
        int[] classes = net.classes();
        INDArray[] labels = new INDArray[tasks];
        INDArray[] masks = new INDArray[tasks];
        boolean masked = false;
        for (int k = 0; k < tasks; k++) {
            float[] oneHot = new float[n * classes[k]];
            float[] m = new float[n];
            int known = 0;
            for (int i = 0; i < n; i++) {
                int y = samples.get(i).labels()[k];
                if (y >= 0) {
                    oneHot[i * classes[k] + y] = 1;
                    m[i] = 1;
                    known++;
                }
            }
            labels[k] = Nd4j.create(oneHot, new long[] {n, classes[k]}, 'c');
            masks[k] = Nd4j.create(m, new long[] {n, 1}, 'c');
            masked |= known < n;
            // PyTorch's mean over the labelled rows (ignore_index): DL4J's gradient is later divided by n
            losses[k].weight(known == 0 ? 0 : w[k] * n / known);
        }
        graph.setInputs(inputs(samples));
        graph.setLabels(labels);
        graph.setLayerMaskArrays(null, masked ? masks : null);
        graph.computeGradientAndScore();
        double[] l = new double[tasks];
        for (int k = 0; k < tasks; k++) {
            l[k] = losses[k].lastLoss();
        }
        sgd.step(graph, graph.gradient().gradientForVariable(), graph.getInputs()[0].size(0)); // the mean over the batch
        graph.clearLayerMaskArrays();
        return l;
    }

    private INDArray volumes(List<Sample> samples) {
        int per = schema.depth() * schema.height() * schema.width();
        float[] all = new float[samples.size() * per];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i).volume(), 0, all, i * per, per);
        }
        return Nd4j.create(all, new long[] {samples.size(), 1, schema.depth(), schema.height(), schema.width()},
                'c');
    }

    /** The graph's inputs: the volumes, and the features when the network reads them. */
    private INDArray[] inputs(List<Sample> samples) {
        return net.readsFeatures() ? new INDArray[] {volumes(samples), features(samples)}
                : new INDArray[] {volumes(samples)};
    }

    private INDArray features(List<Sample> samples) {
        int f = featureNames.size();
        float[] all = new float[samples.size() * f];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i).features(), 0, all, i * f, f);
        }
        return Nd4j.create(all, new long[] {samples.size(), f}, 'c');
    }

    /** Validation loss: evaluation mode, fixed (centre) offsets, mean CE per task over labelled studies. */
    private double validate(ComputationGraph graph, List<Prepared> val, TaskWeighting weighting,
            ExecutorService loader, Map<String, String> skipped, List<String> warnings, int e, Progress progress) {
        int bs = t.batchSize();
        int batches = (val.size() + bs - 1) / bs;
        double[] sum = new double[tasks];
        int[] count = new int[tasks];
        Future<Batch> next = loader.submit(() -> load(val, 0, bs, e, false));
        for (int b = 0; b < batches; b++) {
            Batch batch = get(next);
            final int nb = b + 1;
            next = nb < batches ? loader.submit(() -> load(val, nb, bs, e, false)) : null;
            note(batch, skipped, warnings, e, progress);
            progress.checkCanceled();
            if (batch.samples().isEmpty()) {
                continue;
            }
            InferenceWorkspaces.prepare();
            INDArray[] logits = graph.output(false, inputs(batch.samples()));
            for (int k = 0; k < tasks; k++) {
                double[][] z = logits[k].castTo(DataType.DOUBLE).toDoubleMatrix();
                for (int i = 0; i < z.length; i++) {
                    int y = batch.samples().get(i).labels()[k];
                    if (y < 0) {
                        continue;
                    }
                    sum[k] -= Math.log(CovidMtlModel.softmax(z[i])[y]);
                    count[k]++;
                }
            }
        }
        double[] l = new double[tasks];
        for (int k = 0; k < tasks; k++) {
            l[k] = count[k] == 0 ? 0 : sum[k] / count[k];
        }
        return weighting.total(l);
    }

    /** SHA-256 of what makes two runs the same: parameters (but where/how fast), seed, loss, studies and labels. */
    private String fingerprint(List<LabelledStudy> train, List<LabelledStudy> validation) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder b = new StringBuilder();
        new TreeMap<>(net.parameters()).forEach((k, v) -> {
            if (!CovidMtlSettings.RUN_ONLY.contains(k)) {
                b.append(k).append('=').append(v).append('\n');
            }
        });
        b.append("seed=").append(seed).append('\n').append("loss=").append(loss == null ? "mean" : loss.name())
                .append('\n');
        for (LabelledStudy s : train) {
            b.append("train ").append(s.study().id()).append(' ').append(Arrays.toString(s.labels())).append('\n');
        }
        if (validation != null) {
            for (LabelledStudy s : validation) {
                b.append("validation ").append(s.study().id()).append(' ').append(Arrays.toString(s.labels()))
                        .append('\n');
            }
        }
        return HexFormat.of().formatHex(md.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private CheckpointStore.Content content(int epoch, ComputationGraph graph, TorchSgd sgd, Shift3DSampler shift,
            List<double[]> replay, List<TrainingHistory.Epoch> history, List<String> warnings,
            Map<String, String> skipped, String fingerprint, TaskWeighting weighting) {
        INDArray all = graph.params();
        float[] params = all.castTo(DataType.FLOAT).dup('c').reshape(new long[] {all.length()}).toFloatVector();
        List<String> keys = new ArrayList<>(new TreeMap<>(sgd.buffers()).keySet());
        int total = 0;
        for (String k : keys) {
            total += (int) sgd.buffers().get(k).length();
        }
        float[] momentum = new float[total];
        int at = 0;
        for (String k : keys) {
            INDArray buf = sgd.buffers().get(k);
            float[] b = buf.castTo(DataType.FLOAT).dup('c').reshape(new long[] {buf.length()}).toFloatVector();
            System.arraycopy(b, 0, momentum, at, b.length);
            at += b.length;
        }
        Properties p = new Properties();
        p.setProperty("format", "covid-mtl checkpoint 1");
        p.setProperty("epoch", Integer.toString(epoch));
        p.setProperty("epochs", Integer.toString(t.epochs()));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("fingerprint", fingerprint);
        p.setProperty("momentum", String.join(",", keys));
        p.setProperty("shift-iteration", Long.toString(shift == null ? 0 : shift.iteration()));
        p.setProperty("weighting-parameters", join(weighting.parameters()));
        for (int i = 0; i < history.size(); i++) {
            TrainingHistory.Epoch h = history.get(i);
            p.setProperty("history." + i, h.epoch() + " " + h.learningRate() + " " + h.trainLoss() + " "
                    + h.validationLoss() + " " + join(h.taskLosses()) + " " + join(h.taskWeights()));
        }
        for (int i = 0; i < warnings.size(); i++) {
            p.setProperty("warning." + i, warnings.get(i));
        }
        int i = 0;
        for (Map.Entry<String, String> s : skipped.entrySet()) {
            p.setProperty("skipped." + i + ".id", s.getKey());
            p.setProperty("skipped." + i++ + ".why", s.getValue());
        }
        return new CheckpointStore.Content(epoch, params, keys, momentum, new ArrayList<>(replay), p);
    }

    private static String join(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : " ").append(v[i]);
        }
        return b.toString();
    }

    private static double[] doubles(String s, int from, int n) {
        String[] f = s.trim().split(" ");
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Double.parseDouble(f[from + i]);
        }
        return out;
    }

    /** Loads a checkpoint into the graph and optimiser; returns its epoch (epochs done). */
    private int restore(CheckpointStore.Content c, Path dir, ComputationGraph graph, TorchSgd sgd,
            Shift3DSampler shift, String fingerprint, List<TrainingHistory.Epoch> history, List<double[]> replay,
            List<String> warnings, Map<String, String> skipped) {
        Properties p = c.state();
        if (!fingerprint.equals(p.getProperty("fingerprint"))) {
            throw new StageException(dir.toString(), "the checkpoint belongs to another run (other parameters, seed,"
                    + " loss, studies or labels): resume needs the same run, or give an empty checkpoints folder");
        }
        if (c.params().length != graph.numParams()) {
            throw new StageException(dir.toString(), "checkpoint has " + c.params().length + " parameters, the"
                    + " network " + graph.numParams());
        }
        graph.setParams(Nd4j.create(c.params(), new long[] {1, c.params().length}, 'c')
                .castTo(graph.params().dataType()));
        Map<String, INDArray> buffers = new LinkedHashMap<>();
        int at = 0;
        for (String k : c.momentumKeys()) {
            INDArray param = graph.getParam(k);
            int len = (int) param.length();
            if (at + len > c.momentum().length) {
                throw new StageException(dir.toString(), "momentum buffers are shorter than the parameters");
            }
            buffers.put(k, Nd4j.create(Arrays.copyOfRange(c.momentum(), at, at + len), param.shape(), 'c')
                    .castTo(param.dataType()));
            at += len;
        }
        if (at != c.momentum().length) {
            throw new StageException(dir.toString(), "momentum buffers do not match the parameters");
        }
        sgd.buffers(buffers);
        if (shift != null) {
            shift.iteration(Long.parseLong(p.getProperty("shift-iteration", "0")));
        }
        for (int i = 0; p.containsKey("history." + i); i++) {
            String h = p.getProperty("history." + i);
            double[] d = doubles(h, 0, 4 + 2 * tasks);
            history.add(new TrainingHistory.Epoch((int) d[0], d[1], d[2], d[3], Arrays.copyOfRange(d, 4, 4 + tasks),
                    Arrays.copyOfRange(d, 4 + tasks, 4 + 2 * tasks)));
        }
        warnings.clear(); // the checkpoint's list already holds this run's up-front warnings
        for (int i = 0; p.containsKey("warning." + i); i++) {
            warnings.add(p.getProperty("warning." + i));
        }
        for (int i = 0; p.containsKey("skipped." + i + ".id"); i++) {
            skipped.putIfAbsent(p.getProperty("skipped." + i + ".id"), p.getProperty("skipped." + i + ".why"));
        }
        replay.addAll(c.replay());
        String wp = p.getProperty("weighting-parameters", "");
        savedWeightingParameters = wp.isBlank() ? new double[0] : doubles(wp, 0, wp.trim().split(" ").length);
        return c.epoch();
    }

    private double[] savedWeightingParameters = new double[0];
    private int progressEpochs = 1;

    /** A fresh weighting with the recorded iterations replayed; its parameters must equal the saved ones. */
    private TaskWeighting replayed(List<double[]> replay, Path dir) {
        TaskWeighting w = weighting();
        for (double[] row : replay) {
            double[] l = Arrays.copyOfRange(row, 1, 1 + tasks);
            w.next();
            w.total(l);
            w.learn(l, row[0]);
        }
        if (!Arrays.equals(w.parameters(), savedWeightingParameters)) {
            throw new StageException(dir.toString(), "replaying the loss strategy gave parameters "
                    + Arrays.toString(w.parameters()) + ", the checkpoint has "
                    + Arrays.toString(savedWeightingParameters) + " (the strategy is not deterministic)");
        }
        return w;
    }

    private static String firstSkipped(Map<String, String> skipped) {
        if (skipped.isEmpty()) {
            return "no study left";
        }
        Map.Entry<String, String> e = skipped.entrySet().iterator().next();
        return skipped.size() + " skipped (first " + e.getKey() + ": " + e.getValue() + ")";
    }
}
