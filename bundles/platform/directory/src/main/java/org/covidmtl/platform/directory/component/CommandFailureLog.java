package org.covidmtl.platform.directory.component;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.covidmtl.api.stage.StageException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In the interactive shell, an unexpected exception of a command is logged with its stack trace to the
 * container's log ({@code logs/covid-mtl.log}) and the shell says where; the Gogo shell itself prints
 * only the exception's class and message. Typed stage errors (bad input, named in their message) and
 * Gogo's own refusals of a command line are not logged. In one-command mode the launcher reports and
 * logs the failure itself, so this listener stays quiet there.
 */
@Component
public class CommandFailureLog implements CommandSessionListener {
    private static final Logger LOG = LoggerFactory.getLogger("covid-mtl");
    private final boolean interactive;
    private final String logFile;

    @Activate
    public CommandFailureLog(BundleContext context) {
        this.interactive = "interactive".equals(context.getProperty("covidmtl.mode"));
        String home = context.getProperty("covidmtl.home");
        this.logFile = System.getProperty("org.slf4j.simpleLogger.logFile", (home == null ? "." : home) + "/logs/covid-mtl.log");
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        // nothing to do before
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        // a success
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        if (!interactive || isTyped(exception) || isGogoRefusal(exception)) {
            return;
        }
        LOG.error("internal error running '" + command + "'", exception);
        if (session.getConsole() != null) {
            session.getConsole().println("internal error: " + exception.getClass().getName() + " (stack trace in " + logFile + ")");
        }
    }

    static boolean isTyped(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof StageException) {
                return true;
            }
        }
        return false;
    }

    /** An exception thrown by Gogo's runtime itself: unknown command, syntax, no matching signature. */
    static boolean isGogoRefusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getClass().getName().startsWith("org.apache.felix.gogo.runtime.")
                    && c.getClass().getSimpleName().matches("CommandNotFoundException|SyntaxError|EOFError")) {
                return true;
            }
        }
        return t instanceof IllegalArgumentException && t.getStackTrace().length > 0
                && t.getStackTrace()[0].getClassName().startsWith("org.apache.felix.gogo.runtime.");
    }
}
