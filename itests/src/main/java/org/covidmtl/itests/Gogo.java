package org.covidmtl.itests;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** Runs Gogo command lines the way a user of the shell does, capturing what they print. */
final class Gogo {
    private Gogo() {
    }

    static String run(CommandProcessor processor, String commandLine) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out)) {
            Object result = session.execute(commandLine);
            if (result != null) {
                out.println(session.format(result, 0));
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
