package org.covidmtl.segmentation;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.covidmtl.api.stage.CanceledException;

/** Runs a body for 0..n-1 (slices, studies) on a pool of the requested size. */
public final class Parallel {
    private Parallel() {
    }

    public static void forEach(int n, int threads, IntConsumer body) {
        if (threads <= 1 || n <= 1) {
            for (int s = 0; s < n; s++) {
                body.accept(s);
            }
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CanceledException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
