package org.covidmtl.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the user sees of a failed command: one line on standard error.
 * <ul>
 * <li>A typed stage error ({@code org.covidmtl.api.stage.StageException} or a subtype, anywhere in the
 * cause chain) is bad input: its message, which names the input, is the line.</li>
 * <li>A command line Gogo itself rejects (unknown command, syntax, arguments that fit no signature) is a
 * usage error: Gogo's message, shortened.</li>
 * <li>Anything else is an internal error: the line gives the exception class and message and the log's
 * path; the full stack trace goes to the log ({@code logs/covid-mtl.log}), never to the terminal.</li>
 * </ul>
 */
final class FailureReport {
    static final String STAGE_EXCEPTION = "org.covidmtl.api.stage.StageException";
    private static final String GOGO_RUNTIME = "org.apache.felix.gogo.runtime.";
    private static final Logger LOG = LoggerFactory.getLogger("covid-mtl");

    private FailureReport() {
    }

    /** The one line for the terminal (without the {@code covid-mtl: } prefix); logs internal errors. */
    static String report(Throwable failure, String commandLine) {
        Throwable t = unwrap(failure);
        Throwable typed = typed(t);
        if (typed != null) {
            return firstLine(typed.getMessage(), typed);
        }
        String usage = usage(t);
        if (usage != null) {
            return usage;
        }
        LOG.error("internal error running '" + commandLine + "'", t);
        return "internal error: " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage(), t))
                + " (stack trace in " + logFile() + ")";
    }

    /** The exception the command threw, without the reflection and concurrency wrappers around it. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && (t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException
                || t instanceof ExecutionException
                || (t.getClass() == RuntimeException.class && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))))) {
            t = t.getCause();
        }
        return t;
    }

    /** The first stage exception in the cause chain, or null. */
    static Throwable typed(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Class<?> k = c.getClass(); k != null; k = k.getSuperclass()) {
                if (k.getName().equals(STAGE_EXCEPTION)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Gogo's own refusal of a command line, or null when the exception came from inside a command. */
    static String usage(Throwable t) {
        String simple = t.getClass().getSimpleName();
        if (simple.equals("CommandNotFoundException")) {
            return "unknown command: " + String.valueOf(t.getMessage()).replaceFirst("^Command not found: ", "");
        }
        boolean fromGogo = t.getStackTrace().length > 0 && t.getStackTrace()[0].getClassName().startsWith(GOGO_RUNTIME);
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            // Gogo's parser errors, which its runtime rethrows as java.io.EOFException and the like
            if (c.getClass().getName().startsWith(GOGO_RUNTIME) && c.getClass().getSimpleName().matches("SyntaxError|EOFError")) {
                return "syntax error: " + firstLine(c.getMessage(), c);
            }
        }
        if (fromGogo && t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).startsWith("Cannot coerce")) {
            return "wrong arguments: " + firstLine(t.getMessage(), t) + " (see 'help <command>')";
        }
        return null;
    }

    static String firstLine(String message, Throwable t) {
        String m = message == null ? t.getClass().getSimpleName() : message;
        return m.lines().findFirst().orElse(m);
    }

    static Path logFile() {
        String configured = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (configured != null && !configured.equals("System.err") && !configured.equals("System.out")) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty(Main.HOME, ".")).toAbsolutePath().normalize().resolve("logs/covid-mtl.log");
    }
}
