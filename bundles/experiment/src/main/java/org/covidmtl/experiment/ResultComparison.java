package org.covidmtl.experiment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
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

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.stage.StageException;

/** Side-by-side table of several result folders (their summary.csv and provenance.json). */
public final class ResultComparison {
    /** The columns of summary.csv. */
    static final List<String> SUMMARY_HEADER = List.of("configuration", "task", "metric", "mean", "sd", "seeds", "lower",
            "upper");
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
            Map<List<String>, String> col = new HashMap<>();
            for (CSVRecord r : summaryRows(f.resolve("summary.csv"))) {
                if (!metrics.contains(r.get("metric"))) {
                    continue;
                }
                List<String> key = List.of(r.get("configuration"), r.get("task"), r.get("metric"));
                keys.add(key);
                double mean = Double.parseDouble(r.get("mean"));
                double sd = Double.parseDouble(r.get("sd"));
                int n = Integer.parseInt(r.get("seeds"));
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

    /** The rows of a summary.csv, checked against its header. */
    private static List<CSVRecord> summaryRows(Path s) {
        try (Reader r = Files.newBufferedReader(s, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            if (!p.getHeaderNames().equals(SUMMARY_HEADER)) {
                throw new StageException(s + " line 1", "unexpected header " + p.getHeaderNames() + ", expected "
                        + SUMMARY_HEADER);
            }
            List<CSVRecord> rows = p.getRecords();
            for (CSVRecord row : rows) {
                if (row.size() != SUMMARY_HEADER.size()) {
                    throw new StageException(s + " line " + (row.getRecordNumber() + 1), row.size() + " columns, expected "
                            + SUMMARY_HEADER.size());
                }
            }
            return rows;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new StageException(s.toString(), "not a result folder (no readable summary.csv): " + e.getMessage(),
                    e);
        }
    }

    private static String scaling(Path folder) {
        try {
            return JsonFiles.read(folder.resolve("provenance.json")) instanceof Map<?, ?> p
                    && p.get("data") instanceof Map<?, ?> data ? String.valueOf(data.get("scaling")) : "?";
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
