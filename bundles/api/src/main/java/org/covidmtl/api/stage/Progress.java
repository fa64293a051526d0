package org.covidmtl.api.stage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Progress and cancellation handle that every long operation accepts (in the manner of KNIME's
 * execution monitor). Stages report with {@link #setProgress} and call {@link #checkCanceled} at safe
 * points; callers implement it to show a bar and to cancel.
 */
@ConsumerType
public interface Progress {

    /**
     * Reports progress.
     *
     * @param fraction done, 0..1 (values outside are clamped by implementations)
     * @param message what is being done now, may be {@code null}
     */
    void setProgress(double fraction, String message);

    /** True once the caller asked to cancel. */
    boolean isCanceled();

    /**
     * Throws {@link CanceledException} if the caller asked to cancel or the thread was interrupted.
     */
    default void checkCanceled() {
        if (isCanceled() || Thread.currentThread().isInterrupted()) {
            throw new CanceledException("canceled");
        }
    }

    /**
     * A view of this handle that maps its own 0..1 onto {@code [from, to]} of this one, for a step of
     * a longer operation.
     */
    default Progress sub(double from, double to) {
        Progress parent = this;
        return new Progress() {
            @Override
            public void setProgress(double fraction, String message) {
                double f = Math.max(0, Math.min(1, fraction));
                parent.setProgress(from + (to - from) * f, message);
            }

            @Override
            public boolean isCanceled() {
                return parent.isCanceled();
            }
        };
    }

    /** A handle that reports nowhere and is canceled only by thread interruption. */
    static Progress none() {
        return new Progress() {
            @Override
            public void setProgress(double fraction, String message) {
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
    }
}
