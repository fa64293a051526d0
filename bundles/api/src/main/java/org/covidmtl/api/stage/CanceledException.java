package org.covidmtl.api.stage;

/** Thrown by {@link Progress#checkCanceled()} when the caller canceled the operation. */
public class CanceledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CanceledException(String message) {
        super(message);
    }
}
