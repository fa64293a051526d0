package org.covidmtl.models.features;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.covidmtl.api.model.ModelArtifactException;

/**
 * The small text files of an artifact's payload ({@code columns.properties}, {@code scaler.properties}):
 * {@link Properties} in UTF-8, without the date comment (so the same model writes the same bytes); numbers
 * as Java's shortest round-trip decimal ({@link Double#toString}), so they read back exactly.
 */
final class PayloadFiles {
    private PayloadFiles() {
    }

    static void write(Path file, Properties p, String comment) throws IOException {
        StringWriter w = new StringWriter();
        p.store(w, null);
        List<String> lines = new ArrayList<>();
        lines.add("# " + comment);
        for (String line : w.toString().split("\\R")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                lines.add(line);
            }
        }
        // Properties iterate in hash order: sort the lines so the file reads (and diffs) well
        List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
        body.sort(null);
        lines = new ArrayList<>(List.of(lines.get(0)));
        lines.addAll(body);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new ModelArtifactException(file.toString(), "missing from the artifact");
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelArtifactException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        return p;
    }

    static String text(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new ModelArtifactException(file.toString(), "has no " + key);
        }
        return v;
    }

    static int integer(Properties p, String key, Path file) {
        String v = text(p, key, file);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ModelArtifactException(file.toString(), key + " is not an integer: " + v);
        }
    }

    static double number(Properties p, String key, Path file) {
        String v = text(p, key, file);
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ModelArtifactException(file.toString(), key + " is not a finite number: " + v);
        }
    }

    /** {@code prefix.0 … prefix.(n−1)} as finite numbers. */
    static double[] numbers(Properties p, String prefix, int n, Path file) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = number(p, prefix + "." + i, file);
        }
        return out;
    }

    static void put(Properties p, String prefix, double[] values) {
        for (int i = 0; i < values.length; i++) {
            p.setProperty(prefix + "." + i, Double.toString(values[i]));
        }
    }
}
