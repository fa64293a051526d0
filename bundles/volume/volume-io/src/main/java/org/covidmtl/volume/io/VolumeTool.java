package org.covidmtl.volume.io;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.covidmtl.api.stage.CanceledException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/** What the volume shell commands do, independent of Gogo: info, convert, batch conversion. */
public final class VolumeTool {
    private final VolumeIO io;

    public VolumeTool(VolumeIO io) {
        this.io = io;
    }

    /** A multi-line report of what {@code input} reads as. */
    public String info(Path input, Map<String, String> options, Progress progress) {
        LoadedVolume lv = io.read(input, options, progress);
        Volume v = lv.volume();
        VolumeGeometry g = v.geometry();
        double[] mmm = v.minMaxMean();
        StringBuilder sb = new StringBuilder();
        sb.append("input:      ").append(lv.source()).append('\n');
        sb.append("read as:    ").append(lv.description()).append('\n');
        int[] s = g.size();
        sb.append(String.format(Locale.ROOT, "dimensions: %d x %d x %d (columns x rows x slices)%n", s[0], s[1], s[2]));
        double[] sp = g.spacing();
        sb.append(String.format(Locale.ROOT, "spacing:    %.4f x %.4f x %.4f mm%n", sp[0], sp[1], sp[2]));
        double[] o = g.origin();
        sb.append(String.format(Locale.ROOT, "origin:     (%.4f, %.4f, %.4f) mm LPS%n", o[0], o[1], o[2]));
        double[] d = g.direction();
        sb.append(String.format(Locale.ROOT, "direction:  [%.5f %.5f %.5f; %.5f %.5f %.5f; %.5f %.5f %.5f] (%s)%n", d[0], d[1], d[2], d[3], d[4],
                d[5], d[6], d[7], d[8], Geometry.orientationCode(g)));
        sb.append(String.format(Locale.ROOT, "values:     min %.2f  max %.2f  mean %.3f%n", mmm[0], mmm[1], mmm[2]));
        if (lv.mask() != null) {
            sb.append("mask:       ").append(lv.mask().count()).append(" voxels labelled\n");
        }
        lv.metadata().forEach((k, val) -> sb.append("  ").append(k).append(": ").append(val).append('\n'));
        if (lv.warnings().isEmpty()) {
            sb.append("warnings:   none\n");
        } else {
            sb.append("warnings:\n");
            for (String w : lv.warnings()) {
                sb.append("  - ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Reads {@code in}, optionally resamples to {@code spacing} mm isotropic ({@code <= 0}: keep), writes {@code out}
     * (format from its name); a mask read with the volume is written beside it as {@code <out>-mask.<ext>}.
     */
    public String convert(Path in, Path out, double spacing, String interp, Map<String, String> options, Progress progress) {
        Resampler.Interpolation ip = Resampler.Interpolation.parse(interp);
        io.writerFor(out); // fail early on an unknown ending
        LoadedVolume lv = io.read(in, options, progress.sub(0, 0.5));
        Volume v = lv.volume();
        Mask m = lv.mask();
        if (spacing > 0) {
            double[] t = {spacing, spacing, spacing};
            v = Resampler.resample(v, t, ip, progress.sub(0.5, 0.8));
            if (m != null) {
                m = Resampler.resample(m, t, false, 0.5, Progress.none());
            }
        }
        progress.checkCanceled();
        io.write(v, out, progress.sub(0.8, 1));
        StringBuilder sb = new StringBuilder("wrote ").append(out).append(' ').append(java.util.Arrays.toString(v.geometry().size()));
        if (m != null) {
            Path mo = maskPath(out);
            io.write(m, mo, Progress.none());
            sb.append(" and mask ").append(mo);
        }
        for (String w : lv.warnings()) {
            sb.append("\n  warning: ").append(w);
        }
        return sb.toString();
    }

    static Path maskPath(Path out) {
        String n = out.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        for (String e : new String[] {".nii.gz", ".nii", ".nrrd", ".dtm", ".dcm"}) {
            if (lower.endsWith(e)) {
                String ext = e.equals(".dtm") || e.equals(".dcm") ? ".dmm" : e;
                return out.resolveSibling(n.substring(0, n.length() - e.length()) + "-mask" + ext);
            }
        }
        return out.resolveSibling(n + "-mask");
    }

    /** Result of a batch run. */
    public record BatchResult(List<String> converted, List<String> failed) {
    }

    /**
     * Converts every study (each sub-folder, and each file directly in {@code inDir}) to
     * {@code outDir/<name><extension>} on {@code threads} threads; a failed study is reported and skipped.
     */
    public BatchResult batch(Path inDir, Path outDir, String extension, double spacing, String interp, int threads,
            Map<String, String> options, Progress progress, PrintStream log) {
        List<Path> studies = new ArrayList<>();
        try (Stream<Path> s = Files.list(inDir)) {
            s.sorted().forEach(studies::add);
        } catch (IOException e) {
            throw new StageException(inDir.toString(), "cannot list folder: " + e, e);
        }
        if (studies.isEmpty()) {
            throw new StageException(inDir.toString(), "empty folder: no studies");
        }
        String ext = extension.startsWith(".") ? extension : "." + extension;
        List<String> ok = Collections.synchronizedList(new ArrayList<>());
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Path study : studies) {
                fs.add(pool.submit(() -> {
                    String name = study.getFileName().toString().replaceAll("\\.(nii\\.gz|nii|nrrd|dtm|dcm)$", "");
                    Path out = outDir.resolve(name + ext);
                    try {
                        progress.checkCanceled();
                        convert(study, out, spacing, interp, options, Progress.none());
                        ok.add(study + " -> " + out);
                    } catch (CanceledException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        String msg = study + ": " + e.getMessage();
                        failed.add(msg);
                        if (log != null) {
                            log.println("\nfailed (skipped): " + msg);
                        }
                    } finally {
                        int n = done.incrementAndGet();
                        progress.setProgress((double) n / studies.size(), n + "/" + studies.size() + " " + study.getFileName());
                    }
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof CanceledException ce) {
                        throw ce;
                    }
                    throw new StageException(inDir.toString(), "batch failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CanceledException("batch interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new BatchResult(List.copyOf(ok), List.copyOf(failed));
    }
}
