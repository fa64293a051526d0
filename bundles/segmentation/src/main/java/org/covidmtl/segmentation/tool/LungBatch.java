package org.covidmtl.segmentation.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.CanceledException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.segmentation.Parallel;
import org.covidmtl.segmentation.io.AtomicFiles;
import org.covidmtl.segmentation.io.OutputNames;

/**
 * Segments every study of a folder (each file or sub-folder not starting with a dot), {@code jobs} at a
 * time. A study that fails is reported and the others go on; {@code volumes.csv} in the output folder
 * lists every study, ok or failed.
 */
public final class LungBatch {
    /** The per-study table written in the output folder. */
    public static final String TABLE = "volumes.csv";

    private final LungTool tool;

    public LungBatch(LungTool tool) {
        this.tool = tool;
    }

    /** One study's outcome: {@code segmented} or {@code problem} is null. */
    public record Study(String name, LungTool.Segmented segmented, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Every study in name order, and the table's path. */
    public record Result(List<Study> studies, Path table) {
        public List<Study> failed() {
            return studies.stream().filter(s -> !s.ok()).toList();
        }
    }

    /**
     * Runs the batch.
     *
     * @param format output ending without the dot: {@code nii.gz}, {@code nii}, {@code nrrd}, {@code dmm}
     * @param log one line per finished study
     */
    public Result run(Path inDir, Path outDir, String method, String format, int jobs, Progress progress,
            PrintStream log) {
        if (jobs < 1) {
            throw new StageException("--jobs " + jobs, "at least 1 study at a time");
        }
        if (OutputNames.ending("x." + format) == null) {
            throw new StageException("--format " + format, "not one of " + OutputNames.ENDINGS);
        }
        tool.stages().segmenter(method); // an unknown method fails before any study
        List<Path> inputs = studies(inDir);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
        AtomicInteger done = new AtomicInteger();
        List<Study> results = Collections.synchronizedList(new ArrayList<>());
        progress.setProgress(0, inputs.size() + " studies");
        Parallel.forEach(inputs.size(), jobs, i -> {
            Study s = one(inputs.get(i), outDir, method, format, threads, progress);
            results.add(s);
            synchronized (log) {
                log.println(line(s));
            }
            progress.setProgress(done.incrementAndGet() / (double) inputs.size(), s.name());
        });
        List<Study> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        Path table = outDir.resolve(TABLE);
        AtomicFiles.writeString(table, table(sorted));
        return new Result(sorted, table);
    }

    private Study one(Path in, Path outDir, String method, String format, int threads, Progress parent) {
        String name = stem(in.getFileName().toString());
        Progress p = new Progress() {
            @Override
            public void setProgress(double fraction, String message) {
            }

            @Override
            public boolean isCanceled() {
                return parent.isCanceled();
            }
        };
        try {
            return new Study(name, tool.segment(in, outDir.resolve(name + "." + format), method, threads, p), null);
        } catch (CanceledException e) {
            throw e;
        } catch (StageException e) {
            return new Study(name, null, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            // one study's defect must not stop the others; reported with its class
            return new Study(name, null, in + ": internal error: " + e);
        }
    }

    static List<Path> studies(Path inDir) {
        if (!Files.isDirectory(inDir)) {
            throw new StageException(inDir.toString(), "not a folder of studies");
        }
        try (Stream<Path> s = Files.list(inDir)) {
            List<Path> l = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            if (l.isEmpty()) {
                throw new StageException(inDir.toString(), "holds no studies");
            }
            return l;
        } catch (IOException e) {
            throw new StageException(inDir.toString(), "cannot list: " + e.getMessage(), e);
        }
    }

    static String stem(String name) {
        String ending = OutputNames.ending(name);
        if (ending != null) {
            return name.substring(0, name.length() - ending.length());
        }
        return name.endsWith(".dcm") ? name.substring(0, name.length() - 4) : name;
    }

    private static String line(Study s) {
        if (!s.ok()) {
            return "failed " + s.name() + ": " + s.problem();
        }
        SegmentationResult r = s.segmented().result();
        StringBuilder sb = new StringBuilder("ok     ").append(s.name()).append(':');
        for (SegmentationResult.Region g : r.regions()) {
            sb.append(String.format(Locale.ROOT, " %s %.1f ml,", g.name(), g.volumeMl()));
        }
        sb.append(String.format(Locale.ROOT, " %.2f s", s.segmented().seconds()));
        if (!r.warnings().isEmpty()) {
            sb.append(", ").append(r.warnings().size()).append(" warning(s)");
        }
        return sb.toString();
    }

    static String table(List<Study> studies) {
        StringBuilder sb = new StringBuilder("study,status,method,right_ml,left_ml,total_ml,seconds,warnings,problem\n");
        for (Study s : studies) {
            if (!s.ok()) {
                sb.append(csv(s.name())).append(",failed,,,,,,,").append(csv(s.problem())).append('\n');
                continue;
            }
            SegmentationResult r = s.segmented().result();
            double right = ml(r, SegmentationResult.RIGHT_LUNG), left = ml(r, SegmentationResult.LEFT_LUNG);
            double total = r.regions().stream().mapToDouble(SegmentationResult.Region::volumeMl).sum();
            boolean sides = r.regions().size() == 2;
            sb.append(csv(s.name())).append(",ok,").append(csv(s.segmented().method())).append(',')
                    .append(sides ? fmt(right) : "").append(',').append(sides ? fmt(left) : "").append(',')
                    .append(fmt(total)).append(',').append(fmt(s.segmented().seconds())).append(',')
                    .append(csv(String.join("; ", r.warnings()))).append(",\n");
        }
        return sb.toString();
    }

    private static double ml(SegmentationResult r, int label) {
        SegmentationResult.Region g = r.region(label);
        return g == null ? 0 : g.volumeMl();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
