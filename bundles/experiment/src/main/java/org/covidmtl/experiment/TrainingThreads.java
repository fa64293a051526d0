package org.covidmtl.experiment;

import java.util.Map;

/**
 * How many threads a training was given, for provenance: the run's {@code threads} parameter (0 = all processors,
 * as the platform's models read it); for models without that parameter the OpenMP thread count
 * {@code OMP_NUM_THREADS} that native libraries (ND4J, LightGBM) follow, else all processors. The Model contract
 * has no way to report the threads a model really used, so this is the budget, and {@link #from()} says whence.
 *
 * @param threads the thread count
 * @param from {@code parameter}, {@code OMP_NUM_THREADS} or {@code processors}
 */
public record TrainingThreads(int threads, String from) {

    /** The budget of a run with these parameters in this process. */
    public static TrainingThreads of(Map<String, String> parameters) {
        return of(parameters, System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
    }

    static TrainingThreads of(Map<String, String> parameters, String ompNumThreads, int processors) {
        Integer parameter = positive(parameters.get("threads"));
        if (parameters.containsKey("threads")) {
            return new TrainingThreads(parameter != null ? parameter : processors, "parameter");
        }
        Integer omp = positive(ompNumThreads);
        return omp != null ? new TrainingThreads(omp, "OMP_NUM_THREADS") : new TrainingThreads(processors, "processors");
    }

    private static Integer positive(String text) {
        try {
            int v = text == null ? 0 : Integer.parseInt(text.trim());
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
