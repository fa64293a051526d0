package org.covidmtl.volume.io.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Runs PixelMed and the image codecs with whatever the calling thread writes to standard output and standard error
 * dropped. PixelMed logs to standard error when SLF4J is absent (stack traces included), its lossless JPEG parser
 * prints its complaints, and the JPEG 2000 decoder prints the stack trace of a truncated code block before it throws;
 * none of that may reach a terminal, because every failure reaches the caller as a typed error naming the file.
 * Other threads' output passes through unchanged: {@code System.out} and {@code System.err} are wrapped once (again if
 * someone replaces them) by streams that drop only the writes of threads inside {@link #call}.
 */
final class Mute {
    private static final ThreadLocal<Boolean> MUTED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private Mute() {
    }

    /** What the callee returns or throws, with this thread's console output dropped meanwhile. */
    static <T> T call(Callable<T> callee) throws Exception {
        install();
        boolean outer = MUTED.get();
        MUTED.set(Boolean.TRUE);
        try {
            return callee.call();
        } finally {
            MUTED.set(outer);
        }
    }

    private static synchronized void install() {
        if (!(System.out instanceof Filtered)) {
            System.setOut(new Filtered(System.out));
        }
        if (!(System.err instanceof Filtered)) {
            System.setErr(new Filtered(System.err));
        }
    }

    /** A print stream that forwards to the one it replaced, except writes from muted threads. */
    private static final class Filtered extends PrintStream {
        Filtered(PrintStream target) {
            super(new OutputStream() {
                @Override
                public void write(int b) {
                    if (!MUTED.get()) {
                        target.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (!MUTED.get()) {
                        target.write(b, off, len);
                    }
                }

                @Override
                public void flush() throws IOException {
                    target.flush();
                }
            }, true);
        }
    }
}
