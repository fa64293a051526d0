package org.covidmtl.assessment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.covidmtl.api.stage.CanceledException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.segmentation.io.AtomicFiles;

/**
 * Assesses every study of a folder (each file or sub-folder whose name does not start with a dot), {@code jobs} at
 * a time, with one model loaded once. A study that fails is reported and the others go on; each study's output
 * folder is {@code <out>/<study>}, and {@code assessments.csv} in {@code out} lists every study, ok or failed.
 */
public final class AssessmentBatch {
    public static final String TABLE = "assessments.csv";
    private final AssessmentTool tool;

    public AssessmentBatch(AssessmentTool tool) {
        this.tool = tool;
    }

    /** One study's outcome: {@code assessment} or {@code problem} is null. */
    public record Row(String study, Path input, Assessment assessment, double seconds, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Every study in name order, and the table. */
    public record Result(List<Row> rows, Path table, LoadedModel model) {
        public List<Row> failed() {
            return rows.stream().filter(r -> !r.ok()).toList();
        }
    }

    /** Studies at a time when not given: as many as the heap holds at about 3 GiB each, at most the processors. */
    public static int autoJobs() {
        int cpus = Runtime.getRuntime().availableProcessors();
        long perStudy = 3L << 30;
        return (int) Math.max(1, Math.min(cpus, Runtime.getRuntime().maxMemory() / perStudy));
    }

    /**
     * Runs the batch.
     *
     * @param model the trained model (loaded once for every study)
     * @param jobs studies at a time, at least 1
     * @param log one line per finished study
     */
    public Result run(Path inDir, Path outDir, String segmenter, LoadedModel model, int jobs, Progress progress,
            PrintStream log) {
        if (jobs < 1) {
            throw new StageException("--jobs " + jobs, "at least 1 study at a time");
        }
        List<Path> inputs = studies(inDir, outDir);
        // problems every study would have fail the batch before any study
        tool.stages().segmenter(segmenter);
        model.requireInputs(inDir.toString(), tool.featureNames());
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
        AtomicInteger done = new AtomicInteger();
        progress.setProgress(0, "0 of " + inputs.size() + " studies");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, inputs.size()), r -> {
            Thread t = new Thread(r, "mtl-assess");
            t.setDaemon(true);
            return t;
        });
        List<Future<Row>> futures = new ArrayList<>();
        try {
            for (Path in : inputs) {
                futures.add(pool.submit(() -> {
                    Row row = one(in, outDir, segmenter, model, threads, progress);
                    synchronized (log) {
                        log.println(line(row));
                    }
                    int n = done.incrementAndGet();
                    progress.setProgress(n / (double) inputs.size(), n + " of " + inputs.size() + " studies");
                    return row;
                }));
            }
            List<Row> rows = new ArrayList<>();
            for (Future<Row> f : futures) {
                try {
                    rows.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CanceledException("canceled");
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            rows.sort(Comparator.comparing(Row::study));
            Path table = outDir.resolve(TABLE);
            AtomicFiles.writeString(table, table(rows, model));
            return new Result(rows, table, model);
        } finally {
            pool.shutdownNow();
        }
    }

    private Row one(Path in, Path outDir, String segmenter, LoadedModel model, int threads, Progress parent) {
        String name = AssessmentTool.studyName(in);
        Progress p = new Progress() {
            @Override
            public void setProgress(double fraction, String message) {
            }

            @Override
            public boolean isCanceled() {
                return parent.isCanceled();
            }
        };
        long t0 = System.nanoTime();
        try {
            Assessment a = tool.assess(in, outDir.resolve(name), segmenter, model, threads, p);
            return new Row(name, in, a, (System.nanoTime() - t0) / 1e9, null);
        } catch (CanceledException e) {
            throw e;
        } catch (StageException e) {
            return new Row(name, in, null, (System.nanoTime() - t0) / 1e9, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            // one study's defect must not stop the others; reported with its class
            return new Row(name, in, null, (System.nanoTime() - t0) / 1e9, in + ": internal error: " + e);
        }
    }

    /** The studies of a folder, in name order; the output folder is skipped when it lies inside. */
    static List<Path> studies(Path inDir, Path outDir) {
        if (!Files.isDirectory(inDir)) {
            throw new StageException(inDir.toString(), "not a folder of studies");
        }
        Path out = outDir.toAbsolutePath().normalize();
        try (Stream<Path> s = Files.list(inDir)) {
            List<Path> l = s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.toAbsolutePath().normalize().equals(out)).sorted().toList();
            if (l.isEmpty()) {
                throw new StageException(inDir.toString(), "holds no studies");
            }
            return l;
        } catch (IOException e) {
            throw new StageException(inDir.toString(), "cannot list: " + e.getMessage(), e);
        }
    }

    private static String line(Row r) {
        if (!r.ok()) {
            return "failed " + r.study() + ": " + r.problem();
        }
        StringBuilder sb = new StringBuilder("ok     ").append(r.study()).append(':');
        for (Assessment.TaskPrediction p : r.assessment().predictions()) {
            sb.append(String.format(Locale.ROOT, " %s %s (%.2f),", p.task(), p.predictedClass(), p.confidence()));
        }
        sb.append(String.format(Locale.ROOT, " %.1f s", r.seconds()));
        if (!r.assessment().warnings().isEmpty()) {
            sb.append(", ").append(r.assessment().warnings().size()).append(" warning(s)");
        }
        return sb.toString();
    }

    static String table(List<Row> rows, LoadedModel model) {
        List<String> tasks = model.model().schema().tasks().stream().map(t -> t.name()).toList();
        StringBuilder sb = new StringBuilder("study,status,seconds");
        for (String t : tasks) {
            sb.append(',').append(AssessmentReport.csv(t)).append(',').append(AssessmentReport.csv(t + "_probability"));
        }
        sb.append(",warnings,output,problem\n");
        for (Row r : rows) {
            sb.append(AssessmentReport.csv(r.study())).append(',').append(r.ok() ? "ok" : "failed").append(',')
                    .append(String.format(Locale.ROOT, "%.2f", r.seconds()));
            for (String t : tasks) {
                Assessment.TaskPrediction p = r.ok() ? r.assessment().predictions().stream()
                        .filter(x -> x.task().equals(t)).findFirst().orElse(null) : null;
                sb.append(',').append(p == null ? "" : AssessmentReport.csv(p.predictedClass())).append(',')
                        .append(p == null ? "" : String.format(Locale.ROOT, "%.4f", p.confidence()));
            }
            sb.append(',').append(r.ok() ? Integer.toString(r.assessment().warnings().size()) : "").append(',')
                    .append(r.ok() ? AssessmentReport.csv(r.assessment().output().toString()) : "").append(',')
                    .append(r.ok() ? "" : AssessmentReport.csv(r.problem())).append('\n');
        }
        return sb.toString();
    }
}
