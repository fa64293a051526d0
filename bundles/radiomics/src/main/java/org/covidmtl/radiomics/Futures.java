package org.covidmtl.radiomics;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work done on a helper thread, with its failure rethrown as it was. */
final class Futures {
    private Futures() {
    }

    /** The future's value; its RuntimeException rethrown, other failures wrapped naming {@code what}. */
    static <T> T await(Future<T> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(what + " failed", e.getCause());
        }
    }
}
