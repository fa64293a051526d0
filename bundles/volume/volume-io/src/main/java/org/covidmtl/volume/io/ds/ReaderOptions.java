package org.covidmtl.volume.io.ds;

import java.util.LinkedHashMap;
import java.util.Map;

import org.covidmtl.api.stage.StageException;

/**
 * Reader options from the command line: {@code --option key=value}, several pairs separated by commas (Gogo 1.1's
 * {@code @Parameter} takes one value per option and refuses a repeated one), and {@code --allow-gaps} as
 * {@code allow-gaps=true}. Which keys a reader knows is the reader's business: an unknown key is its typed error.
 */
final class ReaderOptions {
    private ReaderOptions() {
    }

    static Map<String, String> parse(String option, boolean allowGaps) {
        Map<String, String> o = new LinkedHashMap<>();
        if (option != null && !option.isBlank()) {
            for (String pair : option.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new StageException("--option " + option, "'" + pair.trim() + "' is not key=value");
                }
                o.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        if (allowGaps) {
            o.put("allow-gaps", "true");
        }
        return o;
    }
}
