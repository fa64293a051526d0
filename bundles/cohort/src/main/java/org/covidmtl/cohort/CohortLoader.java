package org.covidmtl.cohort;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.DataValidationException;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.stage.Progress;

/**
 * Reads the COVID-MTL cohort: labels and attributes from cohort.csv, features from radiomics.csv, optional
 * lab values from ClinicalFeatures.xlsx, and the split files. Every join is validated; a problem raises
 * {@link DataValidationException} naming the file and the line.
 */
public final class CohortLoader {
    /** The key column of cohort.csv and radiomics.csv. */
    public static final String KEY = "PID";
    /** Label columns, in the cohort's task order. */
    public static final List<String> LABEL_COLUMNS = List.of("COVIDCT", "COVIDNC", "COVIDSeverity");
    /** The tasks, in label order. */
    public static final List<Task> TASKS = List.of(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY);

    /** cohort.csv column → attribute key; other non-label columns keep their own names. */
    private static final Map<String, String> ATTRIBUTE_NAMES = Map.of("Hospital", "hospital", "Patient", "patient",
            "Age", "age", "Gender", "sex", "SARS-CoV-2 nucleic acids", "nat-result", "CT", "ct-result", "Morbidity",
            "morbidity", "Mortality", "mortality");

    private CohortLoader() {
    }

    /** The whole cohort, unscaled, then split and scaled as {@code scaling} says. */
    public static CohortSplit loadSplit(CohortSources sources, Scaling scaling, Progress progress) {
        Cohort full = load(sources, progress);
        List<String> train = readIds(sources.trainSplit());
        List<String> test = readIds(sources.testSplit());
        return CohortSplit.of(full, train, test, scaling,
                sources.trainSplit().getFileName() + " / " + sources.testSplit().getFileName());
    }

    /** The whole cohort with labels, features (if given) and clinical attributes (if given). */
    public static Cohort load(CohortSources sources, Progress progress) {
        progress.setProgress(0, "reading " + sources.labels().getFileName());
        Map<String, CaseRecord> byId = readLabels(sources.labels());
        List<String> featureNames = List.of();
        if (sources.features() != null) {
            progress.checkCanceled();
            progress.setProgress(0.2, "reading " + sources.features().getFileName());
            FeatureTable table = readFeatures(sources.features(), byId.keySet());
            featureNames = table.names();
            Map<String, CaseRecord> joined = new LinkedHashMap<>();
            for (CaseRecord c : byId.values()) {
                joined.put(c.id(), new CaseRecord(c.id(), c.labels(), table.rows().get(c.id()), c.attributes()));
            }
            byId = joined;
        }
        if (sources.clinical() != null) {
            progress.checkCanceled();
            progress.setProgress(0.7, "reading " + sources.clinical().getFileName());
            Map<String, Map<String, String>> lab = ClinicalTable.read(sources.clinical());
            Map<String, CaseRecord> joined = new LinkedHashMap<>();
            for (CaseRecord c : byId.values()) {
                Map<String, String> attrs = new HashMap<>(c.attributes());
                attrs.putAll(lab.getOrDefault(c.id(), Map.of()));
                joined.put(c.id(), new CaseRecord(c.id(), c.labels(), c.features(), attrs));
            }
            byId = joined;
        }
        progress.setProgress(1, "cohort of " + byId.size() + " studies");
        return new Cohort(sources.labels().getFileName().toString(), TASKS, featureNames, new ArrayList<>(byId.values()));
    }

    /**
     * Labels and attributes from cohort.csv, by PID in file order; features empty. Numeric columns
     * ({@link NumericColumns#COHORT}: Age, the lung-volume statistics) must hold finite numbers.
     */
    public static Map<String, CaseRecord> readLabels(Path file) {
        Map<String, CaseRecord> out = new LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build()
                        .parse(r)) {
            List<String> header = p.getHeaderNames();
            require(file, header, KEY);
            for (String col : LABEL_COLUMNS) {
                require(file, header, col);
            }
            for (CSVRecord rec : p) {
                String where = file + " line " + (rec.getRecordNumber() + 1);
                checkWidth(rec, header.size(), where);
                String id = rec.get(KEY);
                if (id.isEmpty()) {
                    throw new DataValidationException(where, "empty " + KEY);
                }
                if (out.containsKey(id)) {
                    throw new DataValidationException(where, "duplicate PID " + id);
                }
                int[] labels = new int[TASKS.size()];
                for (int t = 0; t < labels.length; t++) {
                    String col = LABEL_COLUMNS.get(t);
                    labels[t] = parseLabel(rec.get(col), TASKS.get(t).classes(), where + " column " + col);
                }
                Map<String, String> attrs = new LinkedHashMap<>();
                for (String col : header) {
                    if (!col.equals(KEY) && !LABEL_COLUMNS.contains(col)) {
                        if (NumericColumns.COHORT.contains(col)) {
                            NumericColumns.check(rec.get(col), file + " line " + (rec.getRecordNumber() + 1) + " (PID "
                                    + id + ") column " + col);
                        }
                        attrs.put(ATTRIBUTE_NAMES.getOrDefault(col, col), rec.get(col));
                    }
                }
                out.put(id, new CaseRecord(id, labels, new double[0], attrs));
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new DataValidationException(file.toString(), unreadable(file, "CSV", e), e);
        }
        if (out.isEmpty()) {
            throw new DataValidationException(file.toString(), "no studies");
        }
        return out;
    }

    /**
     * A feature table: names in column order and one row per PID.
     *
     * @param names feature names
     * @param rows PID → values
     */
    public record FeatureTable(List<String> names, Map<String, double[]> rows) {
    }

    /**
     * Reads radiomics.csv: {@code PID} then numeric columns. Every PID must be in {@code expectedIds} exactly
     * once and every expected PID must have a row; values must be finite numbers.
     */
    public static FeatureTable readFeatures(Path file, Set<String> expectedIds) {
        Map<String, double[]> rows = new HashMap<>();
        List<String> names;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build()
                        .parse(r)) {
            List<String> header = p.getHeaderNames();
            require(file, header, KEY);
            names = new ArrayList<>();
            for (String h : header) {
                if (!h.equals(KEY)) {
                    names.add(h);
                }
            }
            if (names.isEmpty()) {
                throw new DataValidationException(file.toString(), "no feature columns");
            }
            Set<String> unique = new LinkedHashSet<>(names);
            if (unique.size() != names.size()) {
                throw new DataValidationException(file.toString(), "duplicate column names in the header");
            }
            int[] cols = new int[names.size()];
            for (int j = 0; j < cols.length; j++) {
                cols[j] = header.indexOf(names.get(j));
            }
            int key = header.indexOf(KEY);
            for (CSVRecord rec : p) {
                String where = file + " line " + (rec.getRecordNumber() + 1);
                checkWidth(rec, header.size(), where);
                String id = rec.get(key);
                if (!expectedIds.contains(id)) {
                    throw new DataValidationException(where, "PID " + id + " is not in the label table");
                }
                if (rows.containsKey(id)) {
                    throw new DataValidationException(where, "duplicate PID " + id);
                }
                double[] v = new double[cols.length];
                for (int j = 0; j < cols.length; j++) {
                    String s = rec.get(cols[j]);
                    try {
                        v[j] = Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw new DataValidationException(where + " column " + names.get(j), "not a number: '" + s + "'");
                    }
                    if (!Double.isFinite(v[j])) {
                        throw new DataValidationException(where + " column " + names.get(j), "value is " + s);
                    }
                }
                rows.put(id, v);
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new DataValidationException(file.toString(), unreadable(file, "CSV", e), e);
        }
        for (String id : expectedIds) {
            if (!rows.containsKey(id)) {
                throw new DataValidationException(file.toString(), "no row for PID " + id + " of the label table");
            }
        }
        return new FeatureTable(List.copyOf(names), rows);
    }

    /** PIDs, one per line; blank lines are skipped; duplicates are an error. */
    public static List<String> readIds(Path file) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String id = lines.get(i).trim();
                if (id.isEmpty()) {
                    continue;
                }
                if (!seen.add(id)) {
                    throw new DataValidationException(file + " line " + (i + 1), "duplicate PID " + id);
                }
                ids.add(id);
            }
        } catch (IOException e) {
            throw new DataValidationException(file.toString(), unreadable(file, "file", e), e);
        }
        if (ids.isEmpty()) {
            throw new DataValidationException(file.toString(), "no PIDs");
        }
        return ids;
    }

    private static void require(Path file, List<String> header, String column) {
        if (!header.contains(column)) {
            throw new DataValidationException(file + " line 1", "missing column " + column);
        }
    }

    private static void checkWidth(CSVRecord rec, int width, String where) {
        if (rec.size() != width) {
            throw new DataValidationException(where, rec.size() + " columns, the header has " + width);
        }
    }

    private static int parseLabel(String s, int classes, String where) {
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(s.trim());
                if (d != Math.rint(d)) {
                    throw new DataValidationException(where, "label is not a class number: '" + s + "'");
                }
                v = (int) d;
            } catch (NumberFormatException e2) {
                throw new DataValidationException(where, "label is not a class number: '" + s + "'");
            }
        }
        if (v < 0 || v >= classes) {
            throw new DataValidationException(where, "label " + v + " outside 0.." + (classes - 1));
        }
        return v;
    }

    /** What went wrong reading a file: a missing file or folder says so, rather than "unreadable". */
    static String unreadable(Path file, String kind, Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException || !Files.exists(file)) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return "unreadable " + kind + ": " + e.getMessage();
    }
}
