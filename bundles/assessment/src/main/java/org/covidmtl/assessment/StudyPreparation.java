package org.covidmtl.assessment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.CanceledException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;

/**
 * Turns the studies of a {@link StudyTable} ({@code mtl:train}; the volume runs of {@code mtl:experiment run}) into
 * {@link Study}s whose volume a model opens per batch.
 * <ul>
 * <li>{@code segment}: read → 1 mm ({@link PaperVolume#resample}) → lungs (the segmenter) → the paper's masked,
 * cropped volume ({@link PaperVolume#prepare}: 340×390×390, HU + 1024 inside the lungs, 0 outside), written ONCE
 * per study as {@code prepared/<id>.nii.gz} in HU (stored − 1024: −1024 outside the lungs) with
 * {@code prepared/<id>-mask.nii.gz} and {@code prepared/<id>.json} (what it was made from); a later run (or
 * {@code --resume}) reuses it when the source file, its size and time and the segmenter are the same.</li>
 * <li>{@code as-is}: the file is that prepared volume already (any reader; 1 mm; HU with −1024 outside the lungs, as
 * the paper's cropped CT files read): read once to check it, then opened per batch.</li>
 * </ul>
 * The model gets the HU volume and the mask "voxel &gt; −1024 HU" (the paper's mask = stored value &gt; 0), not
 * prepared as its input tensor: its own pipeline crops and augments. A study that cannot be read, resampled or
 * segmented is reported (a line on the log and a row of {@code preparation.csv}) and left out; the others go on.
 */
public final class StudyPreparation {
    /** The folder of the prepared volumes inside the output folder. */
    public static final String FOLDER = "prepared";
    /** Voxels above this (HU) are lungs in a prepared volume (stored value &gt; 0). */
    static final float OUTSIDE_HU = -PaperVolume.HU_OFFSET;
    /**
     * A prepared volume's spacing must be within this of 1 mm (as covid-mtl checks): the paper's resampling (scipy
     * {@code zoom}) rounds the grid size, so its spacing is 1 mm only to within about 1 %.
     */
    static final double SPACING_TOLERANCE = 0.05;

    /**
     * What became of one study.
     *
     * @param id the study's id
     * @param role {@code train} or {@code validation}
     * @param volume the study's file
     * @param status {@code prepared}, {@code reused}, {@code as-is} or {@code skipped}
     * @param seconds time spent on it
     * @param lungVoxels voxels of the lung mask in the prepared volume (0 when skipped)
     * @param problem why it was skipped, or null
     * @param study the study for the model, or null when skipped
     */
    public record Outcome(String id, String role, Path volume, String status, double seconds, long lungVoxels,
            String problem, Study study) {
        public boolean ok() {
            return study != null;
        }
    }

    private final AssessmentStages stages;

    public StudyPreparation(AssessmentStages stages) {
        this.stages = stages;
    }

    /** The file name used for a study id (characters other than letters, digits, {@code . _ -} become {@code _}). */
    public static String fileName(String id) {
        String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }

    /** The prepared volume of a study inside the output folder. */
    public static Path preparedVolume(Path out, String id) {
        return out.resolve(FOLDER).resolve(fileName(id) + ".nii.gz");
    }

    /**
     * Prepares every study of the experiment (training and validation, in the table's order).
     *
     * @param threads the segmenter's worker threads
     * @param log receives one line per skipped study
     */
    public List<Outcome> prepare(TrainingExperiment exp, Path out, int threads, Progress progress, PrintStream log) {
        return prepare(exp.studies(), e -> exp.validation().contains(e.id()) ? "validation" : "train", exp.prepare(),
                exp.segmenter(), out, threads, progress, log);
    }

    /**
     * Prepares studies of a study table, in the given order.
     *
     * @param all the studies
     * @param role each study's role, as the outcomes and the log name it (e.g. {@code train}, {@code test})
     * @param prepare how a study's file becomes the model's input
     * @param segmenter the segmenter's name for {@link TrainingExperiment.Prepare#SEGMENT}, or null for the
     *        segmenter stage's default
     * @param out the folder whose {@code prepared/} holds the prepared volumes (reused when still valid)
     * @param threads the segmenter's worker threads
     * @param log receives one line per skipped study
     */
    public List<Outcome> prepare(List<StudyTable.Entry> all, java.util.function.Function<StudyTable.Entry, String> role,
            TrainingExperiment.Prepare prepare, String segmenter, Path out, int threads, Progress progress,
            PrintStream log) {
        Provider<LungSegmenter> seg = prepare == TrainingExperiment.Prepare.SEGMENT
                ? stages.segmenter(segmenter) : null;
        if (seg != null) {
            try {
                Files.createDirectories(out.resolve(FOLDER));
            } catch (IOException e) {
                throw new StageException(out.resolve(FOLDER).toString(), "cannot create the folder: " + e, e);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            progress.checkCanceled();
            StudyTable.Entry e = all.get(i);
            String rl = role.apply(e);
            Progress p = progress.sub((double) i / all.size(), (i + 1.0) / all.size());
            p.setProgress(0, "preparing " + e.id() + " (" + (i + 1) + "/" + all.size() + ")");
            long t = System.nanoTime();
            Outcome o;
            try {
                o = seg != null ? segmented(e, rl, out, seg, threads, p, t) : asIs(e, rl, p, t);
            } catch (CanceledException c) {
                throw c;
            } catch (StageException x) {
                o = skipped(e, rl, t, x);
            } catch (RuntimeException x) {
                o = skipped(e, rl, t, new StageException(e.volume().toString(), "internal error: " + x, x));
            } catch (OutOfMemoryError x) {
                o = skipped(e, rl, t, new StageException(e.volume().toString(), "out of memory (raise -Xmx with "
                        + "COVIDMTL_OPTS)", x));
            }
            if (!o.ok()) {
                log.println("skipped " + e.id() + " (" + rl + "): " + o.problem());
            }
            outcomes.add(o);
        }
        progress.setProgress(1, null);
        return outcomes;
    }

    private static Outcome skipped(StudyTable.Entry e, String role, long t, StageException x) {
        String msg = x.getMessage() == null ? "failed" : x.getMessage();
        int nl = msg.indexOf('\n');
        return new Outcome(e.id(), role, e.volume(), "skipped", seconds(t), 0, nl < 0 ? msg : msg.substring(0, nl),
                null);
    }

    private Outcome segmented(StudyTable.Entry e, String role, Path out, Provider<LungSegmenter> seg,
            int threads, Progress p, long t) {
        Path dir = out.resolve(FOLDER);
        String base = fileName(e.id());
        Path ct = dir.resolve(base + ".nii.gz");
        Path mask = dir.resolve(base + "-mask.nii.gz");
        Path info = dir.resolve(base + ".json");
        String key = provenance(e.volume(), seg);
        String where = e.volume().toString();
        if (Files.isRegularFile(ct) && Files.isRegularFile(info)) {
            try {
                String[] lines = Files.readString(info, StandardCharsets.UTF_8).split("\n");
                if (lines.length >= 2 && lines[0].equals(key)) {
                    long lung = Long.parseLong(lines[1].replaceAll("[^0-9]", ""));
                    return new Outcome(e.id(), role, e.volume(), "reused", seconds(t), lung, null,
                            study(e, ct));
                }
            } catch (IOException | NumberFormatException ignored) {
                // prepared again below
            }
        }
        LoadedVolume lv = AssessmentTool.stage(where, "read", () -> read(e.volume(), p.sub(0, 0.2)));
        p.checkCanceled();
        Volume ct1 = AssessmentTool.stage(where, "resample", () -> PaperVolume.resample(lv.volume(),
                p.sub(0.2, 0.35)));
        p.checkCanceled();
        SegmentationResult sr = AssessmentTool.stage(where, "segment", () -> seg.service().segment(where, ct1,
                SegmentationOptions.defaults().withThreads(Math.max(1, threads)), p.sub(0.35, 0.8)));
        p.checkCanceled();
        PaperVolume.Prepared prep = AssessmentTool.stage(where, "crop-mask", () -> PaperVolume.prepare(ct1,
                sr.mask()));
        if (prep.maskVoxels() == 0) {
            throw new StageException(where, "no lung voxel is left in the paper's 340×390×390 crop of the 1 mm volume");
        }
        float[] stored = prep.image().voxels();
        float[] hu = new float[stored.length];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = stored[i] - PaperVolume.HU_OFFSET;
        }
        Volume huVolume = new Volume(prep.image().geometry(), hu);
        p.setProgress(0.85, "writing " + ct.getFileName());
        VolumeWriter w = AssessmentTool.stage(where, "write", () -> writer(ct));
        // the sidecar goes last: a volume without it is never reused
        deleteIfExists(info);
        AssessmentTool.stage(where, "write", () -> {
            atomicWrite(ct, tmp -> w.write(huVolume, tmp, Progress.none()));
            atomicWrite(mask, tmp -> w.write(prep.mask(), tmp, Progress.none()));
            atomicWrite(info, tmp -> {
                try {
                    Files.writeString(tmp, key + "\n" + prep.maskVoxels() + " lung voxels\n" + lv.description()
                            .replace('\n', ' ') + "\n", StandardCharsets.UTF_8);
                } catch (IOException x) {
                    throw new StageException(info.toString(), "cannot write: " + x, x);
                }
            });
            return null;
        });
        p.setProgress(1, null);
        return new Outcome(e.id(), role, e.volume(), "prepared", seconds(t), prep.maskVoxels(), null, study(e, ct));
    }

    private Outcome asIs(StudyTable.Entry e, String role, Progress p, long t) {
        String where = e.volume().toString();
        StudyVolume v = AssessmentTool.stage(where, "read", () -> open(e.volume(), p));
        return new Outcome(e.id(), role, e.volume(), "as-is", seconds(t), v.lungs().count(), null,
                study(e, e.volume()));
    }

    /** The study for the model: its features, and its prepared volume read when a batch needs it. */
    private Study study(StudyTable.Entry e, Path prepared) {
        return new Study(e.id(), e.features(), Map.of(), () -> open(prepared, Progress.none()));
    }

    /**
     * Reads a prepared volume: HU on a 1 mm grid, lungs = voxels above −1024 HU.
     *
     * @throws StageException naming the file when it is unreadable, not 1 mm or has no lung voxel
     */
    public StudyVolume open(Path file, Progress progress) {
        Volume v = read(file, progress).volume();
        String f = file.toString();
        boolean oneMm = true;
        for (double sp : v.geometry().spacing()) {
            oneMm &= Math.abs(sp - 1) <= SPACING_TOLERANCE;
        }
        if (!oneMm) {
            throw new StageException(f, "not a prepared 1 mm volume (spacing " + java.util.Arrays.toString(
                    v.geometry().spacing()) + " mm): use \"prepare\": \"segment\"");
        }
        float[] x = v.voxels();
        byte[] m = new byte[x.length];
        long n = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > OUTSIDE_HU + 0.5f) {
                m[i] = 1;
                n++;
            }
        }
        if (n == 0) {
            throw new StageException(f, "no lung voxel (every voxel is −1024 HU or less)");
        }
        return new StudyVolume(v, new Mask(v.geometry(), m), false);
    }

    private LoadedVolume read(Path input, Progress progress) {
        if (!Files.exists(input)) {
            throw new StageException(input.toString(), "no such file or folder");
        }
        Path real = input;
        if (Files.isSymbolicLink(input)) {
            try {
                real = input.toRealPath();
            } catch (IOException e) {
                throw new StageException(input.toString(), "cannot follow the link: " + e.getMessage(), e);
            }
        }
        List<Provider<VolumeReader>> readers = stages.readers();
        for (Provider<VolumeReader> r : readers) {
            if (r.service().canRead(real)) {
                return r.service().read(real, Map.of(), progress);
            }
        }
        throw new StageException(input.toString(), "no registered volume reader recognises this input (DICOM folder "
                + "or file, NIfTI, NRRD, .dtm; " + readers.size() + " readers asked)");
    }

    private VolumeWriter writer(Path file) {
        String name = file.getFileName().toString();
        for (Provider<VolumeWriter> w : stages.writers()) {
            if (w.service().extensions().stream().anyMatch(name::endsWith)) {
                return w.service();
            }
        }
        throw new StageException(name, "no registered volume writer writes NIfTI (.nii.gz)");
    }

    /** What a prepared volume was made from: the source (path, size, time) and the segmenter. */
    private static String provenance(Path source, Provider<LungSegmenter> seg) {
        long size = 0;
        long time = 0;
        int files = 0;
        try {
            if (Files.isDirectory(source)) {
                try (Stream<Path> s = Files.walk(source)) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        size += Files.size(f);
                        time = Math.max(time, Files.getLastModifiedTime(f).toMillis());
                        files++;
                    }
                }
            } else if (Files.exists(source)) {
                size = Files.size(source);
                time = Files.getLastModifiedTime(source).toMillis();
                files = 1;
            }
        } catch (IOException e) {
            size = -1;
        }
        return String.format(Locale.ROOT, "source=%s files=%d bytes=%d modified=%d segmenter=%s %s", source
                .toAbsolutePath().normalize(), files, size, time, seg.name(), seg.version());
    }

    @FunctionalInterface
    private interface Writing {
        void write(Path tmp);
    }

    /** Writes into a hidden sibling with the same ending, then renames it into place. */
    private static void atomicWrite(Path target, Writing body) {
        String name = target.getFileName().toString();
        String ending = name.endsWith(".nii.gz") ? ".nii.gz" : name.substring(name.lastIndexOf('.'));
        Path tmp = target.resolveSibling("." + name + "." + System.nanoTime() + ".tmp" + ending);
        try {
            body.write(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StageException(target.toString(), "cannot write: " + e, e);
        } finally {
            deleteIfExists(tmp);
        }
    }

    private static void deleteIfExists(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale temporary file or sidecar; never reused
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
