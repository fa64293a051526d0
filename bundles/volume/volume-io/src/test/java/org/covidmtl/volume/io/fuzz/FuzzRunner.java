package org.covidmtl.volume.io.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.covidmtl.api.stage.CanceledException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.volume.io.VolumeIO;

/**
 * Reads one case through reader selection ({@link VolumeIO#standard()}) on a worker thread, with a time bound
 * (the reader is canceled through its progress handle at the bound, and abandoned a little later), with
 * standard output and error captured: anything a reader prints is a failure.
 */
final class FuzzRunner {
    /** What happened: the outcome, how long it took, and for a failure what was thrown or printed. */
    record Result(Outcome outcome, long millis, String detail) {
    }

    private final VolumeIO io = VolumeIO.standard();
    private final long boundMillis;

    FuzzRunner(long boundMillis) {
        this.boundMillis = boundMillis;
    }

    Result run(FuzzCase c) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        AtomicReference<Object> answer = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + boundMillis * 1_000_000L;
        Progress progress = new Progress() {
            @Override
            public void setProgress(double fraction, String message) {
            }

            @Override
            public boolean isCanceled() {
                return System.nanoTime() > deadline;
            }
        };
        Thread worker = new Thread(() -> {
            try {
                answer.set(io.read(c.input(), c.options(), progress));
            } catch (Throwable t) {
                answer.set(t);
            }
        }, "fuzz " + c.target());
        worker.setDaemon(true);
        System.setOut(capture);
        System.setErr(capture);
        try {
            worker.start();
            worker.join(boundMillis + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        long millis = (System.nanoTime() - start) / 1_000_000L;
        if (worker.isAlive()) {
            stop(worker);
            return new Result(Outcome.OVER_TIME, millis, "still running after " + millis + " ms");
        }
        Result r = classify(c, answer.get(), millis);
        String text = printed.toString(StandardCharsets.UTF_8);
        if (!text.isBlank() && r.outcome().ok) {
            String first = text.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("");
            return new Result(Outcome.PRINTED, millis, "(" + r.outcome().label + ") " + text.lines().count() + " lines: " + first);
        }
        return r;
    }

    /**
     * Ends a reader that ignored cancellation, so that it cannot go on allocating and take the next cases down with it
     * (Thread.stop, which Java 17 still has, is the only way to end a runaway thread in-process).
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread worker) {
        worker.interrupt();
        try {
            worker.stop();
            worker.join(5000);
        } catch (UnsupportedOperationException | InterruptedException e) {
            // left running as a daemon
        }
    }

    private Result classify(FuzzCase c, Object a, long millis) {
        if (a instanceof LoadedVolume) {
            return c.mustFail() ? new Result(Outcome.BOMB_READ, millis, "read as a volume") : new Result(Outcome.VOLUME, millis, "");
        }
        if (millis > boundMillis || a instanceof CanceledException) {
            return new Result(Outcome.OVER_TIME, millis, String.valueOf(a));
        }
        if (a instanceof OutOfMemoryError e) {
            return new Result(Outcome.OOM, millis, e.toString());
        }
        if (a instanceof StageException e) {
            String where = c.input().toString();
            return e.getMessage().contains(where) ? new Result(Outcome.TYPED_ERROR, millis, e.getMessage())
                    : new Result(Outcome.UNNAMED_ERROR, millis, e.getMessage());
        }
        Throwable t = (Throwable) a;
        StackTraceElement[] st = t.getStackTrace();
        return new Result(Outcome.UNTYPED, millis, t + (st.length > 0 ? " at " + st[0] : ""));
    }
}
