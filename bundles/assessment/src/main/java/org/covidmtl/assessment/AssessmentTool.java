package org.covidmtl.assessment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureExtractor;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.NameStyle;
import org.covidmtl.api.model.ActivationMap;
import org.covidmtl.api.model.ClassActivation;
import org.covidmtl.api.model.HeldOut;
import org.covidmtl.api.model.HeldOutPredictions;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.CanceledException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.segmentation.io.OverlayImage;

/**
 * {@code mtl:assess} without OSGi: one study from CT to answer. Reads it with the first volume reader that
 * recognises it, resamples it to 1 mm, segments the lungs with the selected segmenter, builds the paper's masked,
 * cropped volume ({@link PaperVolume}), extracts the paper's 375 radiomic features
 * ({@code config/radiomics/covid-mtl-375.yaml}, paper names) and predicts every task of the model; writes the output
 * folder ({@link AssessmentReport}) complete or not at all. Every failure is a one-line {@link StageException}
 * naming the study.
 */
public final class AssessmentTool {
    /** The file of the output folder that describes the assessment. */
    public static final String JSON = "assessment.json";
    public static final String FEATURES = "features.csv";
    public static final String MASK = "lung-mask.nii.gz";
    public static final String OVERLAY = "overlay.png";
    public static final String REPORT = "report.html";

    private static final List<String> ENDINGS = List.of(".nii.gz", ".nii", ".nrrd", ".nhdr", ".dtm", ".dcm", ".mha");

    private final AssessmentStages stages;
    private final AssessmentConfig config;
    private final Map<String, ExtractionSettings> settings = new ConcurrentHashMap<>();

    public AssessmentTool(AssessmentStages stages, AssessmentConfig config) {
        this.stages = stages;
        this.config = config;
    }

    public AssessmentStages stages() {
        return stages;
    }

    public AssessmentConfig config() {
        return config;
    }

    /**
     * The model to assess with: the artifact, or the default model when {@code artifact} is null (loaded from its
     * cache or trained now).
     */
    public LoadedModel model(Path artifact, Progress progress) {
        return artifact == null ? DefaultModel.get(stages, config, progress) : DefaultModel.load(stages, artifact);
    }

    /** The paper's extraction settings for the extractor, with the paper's names. */
    public ExtractionSettings settings(Provider<FeatureExtractor> extractor) {
        return settings.computeIfAbsent(extractor.name() + " " + extractor.version(), k -> {
            Path p = config.radiomicsParams();
            if (p == null || !Files.isRegularFile(p)) {
                throw new StageException(p == null ? "covid-mtl-375.yaml" : p.toString(),
                        "the paper's radiomics settings are not there (config/radiomics/covid-mtl-375.yaml of the "
                                + "distribution, found through covidmtl.home)");
            }
            return extractor.service().readSettings(p).toBuilder().nameStyle(NameStyle.COVID_MTL).build();
        });
    }

    /** The feature names an assessment gives with the current extractor. */
    public List<String> featureNames() {
        Provider<FeatureExtractor> fx = stages.extractor();
        return fx.service().featureNames(settings(fx));
    }

    /** The study's name: the file or folder name without a volume format's ending. */
    public static String studyName(Path input) {
        Path f = input.toAbsolutePath().normalize().getFileName();
        String name = f == null ? "study" : f.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String e : ENDINGS) {
            if (lower.endsWith(e) && lower.length() > e.length()) {
                return name.substring(0, name.length() - e.length());
            }
        }
        return name;
    }

    /** {@code <study>-assessment} in the working folder. */
    public static Path defaultOutput(Path input) {
        return Paths.get(studyName(input) + "-assessment");
    }

    /**
     * Assesses one study.
     *
     * @param input DICOM folder or file, NIfTI, NRRD, {@code .dtm}
     * @param out the output folder (replaced only once the new one is complete); null: {@link #defaultOutput}
     * @param segmenter the segmenter's name; null: the segmenter stage's default
     * @param model the trained model
     * @param threads worker threads of the segmenter
     * @throws StageException naming the study on one line
     */
    public Assessment assess(Path input, Path out, String segmenter, LoadedModel model, int threads,
            Progress progress) {
        Path target = out != null ? out : defaultOutput(input);
        Measured m = measure(input, segmenter, model, threads, progress);
        String where = m.where();
        String study = m.name();
        List<Assessment.StageRun> runs = m.runs();
        List<Assessment.Warning> warnings = m.warnings();
        Volume ct = m.ct();
        SegmentationResult sr = m.segmentation();
        FeatureResult fr = m.features();
        long t;

        // predict
        t = System.nanoTime();
        ModelSchema schema = model.model().schema();
        Study s = m.study();
        HeldOut heldOut = model.model() instanceof HeldOutPredictions h ? h.heldOut() : null;
        Calibration calibration = heldOut == null ? null : Calibration.of(heldOut);
        Prediction pr = stage(where, "predict", () -> model.model().predict(s));
        pr.warnings().forEach(w -> warnings.add(new Assessment.Warning("model", w)));
        List<Assessment.TaskPrediction> predictions = predictions(where, model, pr, calibration);
        runs.add(new Assessment.StageRun("predict", model.factory().name(), model.factory().version(),
                model.id() + " from " + model.artifact() + (calibration == null ? "" : "; calibrated on "
                        + calibration.source()), seconds(t)));

        // class activation maps of the predicted classes (volume models)
        List<ActivationMap> maps = new ArrayList<>();
        List<Assessment.CamFile> cams = new ArrayList<>();
        if (model.model() instanceof ClassActivation ca) {
            t = System.nanoTime();
            progress.setProgress(0.96, "class activation maps");
            Map<String, Integer> wanted = new LinkedHashMap<>();
            predictions.forEach(tp -> wanted.put(tp.task(), tp.predicted()));
            maps.addAll(stage(where, "cam", () -> ca.activationMaps(s, wanted)));
            for (int i = 0; i < maps.size(); i++) {
                ActivationMap am = maps.get(i);
                Assessment.TaskPrediction tp = predictions.get(i);
                cams.add(new Assessment.CamFile(tp.task(), am.classIndex(), tp.classes().get(am.classIndex()),
                        "cam-" + tp.task() + ".png", am.cells(), am.rawMax()));
            }
            runs.add(new Assessment.StageRun("cam", model.factory().name(), model.factory().version(),
                    "class activation maps of the predicted classes from the last convolutional layer", seconds(t)));
        }
        progress.setProgress(0.97, "writing");

        Assessment.ModelInfo info = new Assessment.ModelInfo(schema.model(), schema.version(),
                model.artifact().toAbsolutePath().toString(), model.manifest().trainingData(),
                model.manifest().created(), model.manifest().seed(), model.isDefault());
        long tw = System.nanoTime();
        Path written = target.toAbsolutePath().normalize();
        AtomicReference<Assessment> result = new AtomicReference<>();
        OutputFolder.write(target, dir -> {
            List<Assessment.Warning> ws = new ArrayList<>(warnings);
            AssessmentReport.writeFiles(dir, study, fr, ct, sr, m.segmenter(), stages.writers(), ws);
            for (int i = 0; i < maps.size(); i++) {
                Assessment.TaskPrediction tp = predictions.get(i);
                OverlayImage.writePng(CamImage.render(maps.get(i), camTitle(tp, maps.get(i))),
                        dir.resolve(cams.get(i).file()));
            }
            List<Assessment.StageRun> all = new ArrayList<>(runs);
            // the write stage up to assessment.json (report.html and the rename take milliseconds)
            all.add(new Assessment.StageRun("write", "assessment", config.version(),
                    "features.csv, " + MASK + ", " + OVERLAY + ", " + JSON + ", " + REPORT, seconds(tw)));
            Assessment a = new Assessment(study, input, written, all, predictions, ws, info,
                    calibration == null ? null : calibration.source(), cams);
            AssessmentReport.writeJson(dir.resolve(JSON), a, m.volume(), sr, m.prepared(), fr, model, config);
            AssessmentReport.writeHtml(dir.resolve(REPORT), a);
            result.set(a);
        });
        progress.setProgress(1, null);
        return result.get();
    }

    /** A study read, resampled to 1 mm, segmented, cropped as the paper does and measured (the 375 features). */
    record Measured(String where, String name, LoadedVolume volume, Volume ct, SegmentationResult segmentation,
            PaperVolume.Prepared prepared, FeatureResult features, String segmenter, List<Assessment.StageRun> runs,
            List<Assessment.Warning> warnings) {

        /** The study as a model is asked about it: features by name, the 1 mm CT and its lung mask. */
        Study study() {
            Map<String, Double> byName = new LinkedHashMap<>();
            double[] values = features.features().values();
            for (int i = 0; i < values.length; i++) {
                byName.put(features.features().names().get(i), values[i]);
            }
            return new Study(name, byName, Map.of(), () -> new StudyVolume(ct, segmentation.mask(), false));
        }
    }

    /**
     * Reads, resamples, segments, crops and measures a study (the stages before the model), after checking that
     * {@code model} can be given what it reads.
     */
    Measured measure(Path input, String segmenter, LoadedModel model, int threads, Progress progress) {
        String where = input.toString();
        String study = studyName(input);
        List<Assessment.StageRun> runs = new ArrayList<>();
        List<Assessment.Warning> warnings = new ArrayList<>();

        Provider<LungSegmenter> seg = stage(where, "segment", () -> stages.segmenter(segmenter));
        Provider<FeatureExtractor> fx = stage(where, "features", stages::extractor);
        ExtractionSettings es = stage(where, "features", () -> settings(fx));
        List<String> names = stage(where, "features", () -> fx.service().featureNames(es));
        model.requireInputs(where, names);

        // read
        long t = System.nanoTime();
        Read read = stage(where, "read", () -> read(input, progress.sub(0, 0.1)));
        LoadedVolume lv = read.volume();
        lv.warnings().forEach(w -> warnings.add(new Assessment.Warning("read", w)));
        runs.add(new Assessment.StageRun("read", read.reader().name(), read.reader().version(), lv.description(),
                seconds(t)));

        // resample
        t = System.nanoTime();
        Volume original = lv.volume();
        String from = Arrays.toString(original.geometry().spacing());
        Volume ct = stage(where, "resample", () -> PaperVolume.resample(original, progress.sub(0.1, 0.2)));
        String resampled = ct == original ? "skipped: spacing " + from + " mm is 1 mm within "
                + PaperVolume.SPACING_TOLERANCE
                : "cubic B-spline (scipy zoom order 3, mode nearest), spacing " + from + " mm → "
                        + Arrays.toString(ct.geometry().spacing()) + " mm, " + dims(original) + " → " + dims(ct);
        runs.add(new Assessment.StageRun("resample", "paper-zoom", config.version(), resampled, seconds(t)));
        progress.checkCanceled();

        // segment
        t = System.nanoTime();
        SegmentationResult sr = stage(where, "segment", () -> seg.service().segment(where, ct,
                SegmentationOptions.defaults().withThreads(Math.max(1, threads)), progress.sub(0.2, 0.5)));
        sr.warnings().forEach(w -> warnings.add(new Assessment.Warning("segment", w)));
        runs.add(new Assessment.StageRun("segment", seg.name(), seg.version(),
                (seg.description().isEmpty() ? "" : seg.description() + "; ") + sr.description(), seconds(t)));
        progress.checkCanceled();

        // crop and mask
        t = System.nanoTime();
        PaperVolume.Prepared prep = stage(where, "crop-mask", () -> PaperVolume.prepare(ct, sr.mask()));
        if (prep.maskVoxels() == 0) {
            throw new StageException(where, "no lung voxel is left in the paper's 340×390×390 crop of the 1 mm volume");
        }
        if (prep.keptFraction() < 0.98) {
            warnings.add(new Assessment.Warning("crop-mask", String.format(Locale.ROOT,
                    "the paper's 340×390×390 crop keeps %.1f%% of the lung voxels found (the study is larger than "
                            + "the paper's field of view)", 100 * prep.keptFraction())));
        }
        runs.add(new Assessment.StageRun("crop-mask", "paper-cropsave", config.version(), String.format(Locale.ROOT,
                "HU+1024 inside the lungs (0 outside), centre crop/pad to 340×390×390, mask = voxels > 0: %d voxels",
                prep.maskVoxels()), seconds(t)));
        progress.checkCanceled();

        // features
        t = System.nanoTime();
        FeatureResult fr = stage(where, "features", () -> fx.service().extract(prep.image(), prep.mask(), es,
                progress.sub(0.5, 0.95)));
        fr.warnings().forEach(w -> warnings.add(new Assessment.Warning("features", w)));
        runs.add(new Assessment.StageRun("features", fx.name(), fx.version(), fr.features().size()
                + " radiomic features, paper names, settings " + config.radiomicsParams().getFileName(), seconds(t)));
        progress.checkCanceled();

        return new Measured(where, study, lv, ct, sr, prep, fr, seg.name(), runs, warnings);
    }

    /**
     * Each task's prediction, checked to be a probability distribution (never written otherwise), with its calibrated
     * confidence and prediction set when the model has held-out predictions.
     *
     * @throws StageException naming the study when a task is missing or its probabilities are not finite or do not
     *         sum to 1
     */
    static List<Assessment.TaskPrediction> predictions(String where, LoadedModel model, Prediction pr,
            Calibration calibration) {
        ModelSchema schema = model.model().schema();
        List<Assessment.TaskPrediction> predictions = new ArrayList<>();
        for (Task task : schema.tasks()) {
            double[] p = pr.probabilities().get(task.name());
            if (p == null) {
                throw new StageException(where, "model " + model.id() + " gave no prediction for its task " + task.name());
            }
            double sum = 0;
            for (double v : p) {
                sum += v;
            }
            if (!Double.isFinite(sum) || Math.abs(sum - 1) > 1e-6) {
                // never write an answer that is not a probability distribution
                throw new StageException(where, "model " + model.id() + " gave no valid probabilities for "
                        + task.name() + " " + java.util.Arrays.toString(p) + " (non-finite or not summing to 1)");
            }
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            predictions.add(new Assessment.TaskPrediction(task.name(), task.description(), classNames(task),
                    p.clone(), best, p[best], calibration == null ? null : calibration.apply(task.name(), p)));
        }
        return predictions;
    }

    /** {@code severity: severe/critical (p 0.62), class activation map}. */
    static String camTitle(Assessment.TaskPrediction tp, ActivationMap am) {
        return String.format(Locale.ROOT, "%s: %s (p %.2f), class activation map%s", tp.task(), tp.predictedClass(),
                tp.confidence(), am.rawMax() > 0 ? "" : " (nothing in the volume speaks for this class)");
    }

    /** The reader that read an input and what it read. */
    record Read(Provider<VolumeReader> reader, LoadedVolume volume) {
    }

    private Read read(Path input, Progress progress) {
        if (!Files.exists(input)) {
            throw new StageException(input.toString(), "no such file or folder");
        }
        List<Provider<VolumeReader>> readers = stages.readers();
        if (readers.isEmpty()) {
            throw new StageException(input.toString(), "no volume reader is registered");
        }
        // a symbolic link (e.g. a batch folder of links to studies) is read as what it points to
        Path real = input;
        if (Files.isSymbolicLink(input)) {
            try {
                real = input.toRealPath();
            } catch (java.io.IOException e) {
                throw new StageException(input.toString(), "cannot follow the link: " + e.getMessage(), e);
            }
        }
        for (Provider<VolumeReader> r : readers) {
            if (r.service().canRead(real)) {
                return new Read(r, r.service().read(real, Map.of(), progress));
            }
        }
        throw new StageException(input.toString(), "no registered volume reader recognises this input (DICOM folder "
                + "or file, NIfTI, NRRD, .dtm; " + readers.size() + " readers asked)");
    }

    /**
     * Runs a step; a failure becomes one line naming the study: a {@link StageException} that names it already is
     * passed on, any other gets the study and the stage in front.
     */
    static <T> T stage(String study, String stage, Supplier<T> step) {
        try {
            return step.get();
        } catch (CanceledException e) {
            throw e;
        } catch (StageException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(study)) {
                throw oneLine(e, study);
            }
            throw new StageException(study, stage + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new StageException(study, stage + ": internal error: " + firstLine(String.valueOf(e)), e);
        } catch (OutOfMemoryError e) {
            throw new StageException(study, stage + ": out of memory (raise -Xmx with COVIDMTL_OPTS)", e);
        }
    }

    private static StageException oneLine(StageException e, String study) {
        if (e.getMessage().indexOf('\n') < 0) {
            return e;
        }
        return new StageException(study, firstLine(e.getMessage().substring(study.length()).replaceFirst("^: ", "")), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "failed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Class names of the paper's tasks ({@code class 0…} for others). */
    static List<String> classNames(Task task) {
        return switch (task.name()) {
            case "covid-ct", "covid-nat" -> task.classes() == 2 ? List.of("negative", "positive") : generic(task);
            case "severity" -> task.classes() == 3 ? List.of("control", "mild/regular", "severe/critical") : generic(task);
            default -> generic(task);
        };
    }

    private static List<String> generic(Task task) {
        List<String> l = new ArrayList<>();
        for (int c = 0; c < task.classes(); c++) {
            l.add("class " + c);
        }
        return l;
    }

    private static String dims(Volume v) {
        int[] s = v.geometry().size();
        return s[0] + "×" + s[1] + "×" + s[2];
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
