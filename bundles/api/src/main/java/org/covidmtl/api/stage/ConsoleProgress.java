package org.covidmtl.api.stage;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Progress} that draws a one-line bar on a console stream (Gogo session, CLI) at most every
 * {@code 200 ms} and when the percentage changes. Cancel with {@link #cancel()} or by interrupting the
 * working thread (Ctrl-C in Gogo).
 */
public final class ConsoleProgress implements Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final AtomicBoolean canceled = new AtomicBoolean();
    private long lastDraw;
    private int lastPercent = -1;

    public ConsoleProgress(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    public void cancel() {
        canceled.set(true);
    }

    @Override
    public boolean isCanceled() {
        return canceled.get();
    }

    @Override
    public synchronized void setProgress(double fraction, String message) {
        double f = Math.max(0, Math.min(1, fraction));
        int percent = (int) Math.floor(f * 100);
        long now = System.nanoTime();
        if (percent == lastPercent || (now - lastDraw < 200_000_000L && percent < 100)) {
            return;
        }
        lastPercent = percent;
        lastDraw = now;
        int filled = (int) Math.round(f * WIDTH);
        StringBuilder bar = new StringBuilder("\r").append(label).append(" [");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '#' : '.');
        }
        bar.append("] ").append(String.format("%3d%%", percent));
        if (message != null) {
            bar.append(' ').append(message.length() > 60 ? message.substring(0, 60) : message);
        }
        bar.append("\033[K");
        out.print(bar);
        if (percent >= 100) {
            out.println();
        }
        out.flush();
    }

    /** Ends the bar's line. */
    public synchronized void done() {
        if (lastPercent >= 0 && lastPercent < 100) {
            out.println();
        }
    }
}
