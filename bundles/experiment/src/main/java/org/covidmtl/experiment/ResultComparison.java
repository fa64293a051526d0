package org.covidmtl.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.covidmtl.api.stage.StageException;

/** Side-by-side table of several result folders (their summary.csv and provenance.json). */
public final class ResultComparison {
    /** Metrics shown by default. */
    public static final List<String> METRICS = List.of("auc-paper", "auc", "accuracy", "f1-weighted");

    private ResultComparison() {
    }

    /**
     * One line per (configuration, task, metric), one column per folder: mean ± sd over seeds.
     */
    public static String table(List<Path> folders, List<String> metrics) {
        if (folders.isEmpty()) {
            throw new StageException("compare", "no result folders given");
        }
        List<Map<List<String>, String>> cols = new ArrayList<>();
        Set<List<String>> keys = new LinkedHashSet<>();
        List<String> heads = new ArrayList<>();
        List<String> scalings = new ArrayList<>();
        for (Path f : folders) {
            Path s = f.resolve("summary.csv");
            List<List<String>> rows;
            try {
                rows = Csv.parse(Files.readString(s, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new StageException(s.toString(), "not a result folder (no readable summary.csv)", e);
            }
            if (rows.isEmpty() || !rows.get(0).equals(List.of("configuration", "task", "metric", "mean", "sd", "seeds",
                    "lower", "upper"))) {
                throw new StageException(s.toString(), "unexpected header");
            }
            Map<List<String>, String> col = new HashMap<>();
            for (int i = 1; i < rows.size(); i++) {
                List<String> r = rows.get(i);
                if (r.size() != 8) {
                    throw new StageException(s + " line " + (i + 1), r.size() + " columns, expected 8");
                }
                if (!metrics.contains(r.get(2))) {
                    continue;
                }
                List<String> key = List.of(r.get(0), r.get(1), r.get(2));
                keys.add(key);
                double mean = Double.parseDouble(r.get(3));
                double sd = Double.parseDouble(r.get(4));
                int n = Integer.parseInt(r.get(5));
                col.put(key, n > 1 ? String.format(Locale.ROOT, "%.3f ± %.3f", mean, sd) : String.format(Locale.ROOT,
                        "%.3f", mean));
            }
            cols.add(col);
            heads.add(f.getFileName().toString());
            scalings.add(scaling(f));
        }
        List<List<String>> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> {
            int c = Integer.compare(metrics.indexOf(a.get(2)), metrics.indexOf(b.get(2)));
            if (c != 0) {
                return c;
            }
            c = a.get(1).compareTo(b.get(1));
            return c != 0 ? c : a.get(0).compareTo(b.get(0));
        });
        int w0 = "configuration".length();
        for (List<String> k : sorted) {
            w0 = Math.max(w0, k.get(0).length());
        }
        int wc = 15;
        for (String h : heads) {
            wc = Math.max(wc, h.length());
        }
        StringBuilder b = new StringBuilder();
        String fmt0 = "%-" + w0 + "s  %-10s  %-12s";
        b.append(String.format(Locale.ROOT, fmt0, "configuration", "task", "metric"));
        for (String h : heads) {
            b.append("  ").append(String.format(Locale.ROOT, "%-" + wc + "s", h));
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT, fmt0, "", "", "(scaling)"));
        for (String s : scalings) {
            b.append("  ").append(String.format(Locale.ROOT, "%-" + wc + "s", s));
        }
        b.append('\n');
        for (List<String> k : sorted) {
            b.append(String.format(Locale.ROOT, fmt0, k.get(0), k.get(1), k.get(2)));
            for (Map<List<String>, String> col : cols) {
                b.append("  ").append(String.format(Locale.ROOT, "%-" + wc + "s", col.getOrDefault(k, "-")));
            }
            b.append('\n');
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static String scaling(Path folder) {
        try {
            Object p = Json.parse(Files.readString(folder.resolve("provenance.json"), StandardCharsets.UTF_8));
            Object data = ((Map<String, Object>) p).get("data");
            return String.valueOf(((Map<String, Object>) data).get("scaling"));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
