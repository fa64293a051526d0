package org.covidmtl.assessment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.stage.StageException;

/**
 * A study table: CT studies with their volumes, labels and features, as {@code mtl:train} and the volume runs of
 * {@code mtl:experiment run} read it. CSV with the columns {@code id,volume,covid-ct,covid-nat,severity}; every
 * other column is a feature (numbers); a volume path is resolved against the table's folder; a label is
 * {@code 0..classes-1}, or {@code -1} / empty for unknown. An optional feature table (CSV, first column the study id,
 * e.g. the paper's radiomics.csv) adds features to every study and must have a row for each.
 */
public final class StudyTable {
    /** The tasks every study is labelled for, in the table's column order (the paper's). */
    public static final List<Task> TASKS = List.of(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY);
    private static final String ID = "id";
    private static final String VOLUME = "volume";

    private StudyTable() {
    }

    /**
     * One row of the study table.
     *
     * @param id the study's id (unique)
     * @param volume its volume file or DICOM folder (resolved against the study table's folder)
     * @param labels covid-ct, covid-nat, severity; −1 = unknown
     * @param features its feature values by name (from the study table's extra columns and the feature table)
     * @param line the line of the study table
     */
    public record Entry(String id, Path volume, int[] labels, Map<String, Double> features, int line) {
        public Entry {
            labels = labels.clone();
            features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }
    }


    private static CSVParser csv(Path file) throws IOException {
        Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build().parse(r);
    }

    /** The feature table: the first column is the study id ({@code PID} in the paper's radiomics.csv). */
    private static Map<String, Map<String, Double>> featureTable(Path file) {
        String f = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new StageException(f, "no such feature table");
        }
        Map<String, Map<String, Double>> out = new HashMap<>();
        try (CSVParser p = csv(file)) {
            List<String> header = p.getHeaderNames();
            if (header.size() < 2) {
                throw new StageException(f, "needs a study id column (PID) and at least one feature column");
            }
            for (CSVRecord r : p) {
                String id = r.get(0);
                if (id.isBlank()) {
                    throw new StageException(f + " line " + r.getParser().getCurrentLineNumber(), "no study id");
                }
                Map<String, Double> values = new LinkedHashMap<>();
                for (int c = 1; c < header.size() && c < r.size(); c++) {
                    put(values, header.get(c), r.get(c), f, r.getParser().getCurrentLineNumber());
                }
                out.put(id, values);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StageException(f, "cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StageException(f, "not a CSV table: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Reads a study table and, when {@code featureFile} is given, its feature table (a row for every study).
     *
     * @param file the study table (CSV)
     * @param featureFile the feature table (CSV, first column the study id), or null
     * @return every study, in the table's order
     * @throws StageException naming the file (and line or column) on one line
     */
    public static List<Entry> read(Path file, Path featureFile) {
        return studies(file, featureFile == null ? Map.of() : featureTable(featureFile), featureFile);
    }

    private static List<Entry> studies(Path file, Map<String, Map<String, Double>> featureTable, Path featureFile) {
        String f = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new StageException(f, "no such study table");
        }
        Path base = file.toAbsolutePath().normalize().getParent();
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        try (CSVParser p = csv(file)) {
            List<String> header = p.getHeaderNames();
            List<String> required = new ArrayList<>(List.of(ID, VOLUME));
            TASKS.forEach(t -> required.add(t.name()));
            List<String> missing = new ArrayList<>(required);
            missing.removeAll(header);
            if (!missing.isEmpty()) {
                throw new StageException(f, "missing column" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + " (needs id,volume,covid-ct,covid-nat,severity; other columns "
                        + "are features)");
            }
            for (CSVRecord r : p) {
                long line = r.getParser().getCurrentLineNumber();
                String where = f + " line " + line;
                if (!r.isConsistent()) {
                    throw new StageException(where, r.size() + " values for " + header.size() + " columns");
                }
                String id = r.get(ID);
                if (id.isBlank()) {
                    throw new StageException(where, "no study id");
                }
                if (!seen.add(id)) {
                    throw new StageException(where, "study " + id + " is listed twice");
                }
                String vol = r.get(VOLUME);
                if (vol.isBlank()) {
                    throw new StageException(where, "study " + id + " has no volume");
                }
                int[] labels = new int[TASKS.size()];
                for (int k = 0; k < TASKS.size(); k++) {
                    labels[k] = label(r.get(TASKS.get(k).name()), TASKS.get(k), where);
                }
                Map<String, Double> features = new LinkedHashMap<>();
                for (String col : header) {
                    if (!required.contains(col)) {
                        put(features, col, r.get(col), where, -1);
                    }
                }
                if (featureFile != null) {
                    Map<String, Double> row = featureTable.get(id);
                    if (row == null) {
                        throw new StageException(featureFile.toString(), "no row for study " + id + " (first column"
                                + " = the study id, as in " + file.getFileName() + ")");
                    }
                    features.putAll(row);
                }
                out.add(new Entry(id, base.resolve(vol).normalize(), labels, features, (int) line));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StageException(f, "cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StageException(f, "not a CSV table: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new StageException(f, "lists no study");
        }
        return out;
    }

    private static int label(String s, Task task, String where) {
        if (s.isBlank()) {
            return -1;
        }
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new StageException(where + " " + task.name(), "not a label: \"" + s + "\" (0.." + (task.classes() - 1)
                    + ", -1 or empty = unknown)");
        }
        if (v < -1 || v >= task.classes()) {
            throw new StageException(where + " " + task.name(), "label " + v + " outside 0.." + (task.classes() - 1)
                    + " (-1 or empty = unknown)");
        }
        return v;
    }

    private static void put(Map<String, Double> m, String name, String value, String where, long line) {
        if (value.isBlank()) {
            return;
        }
        try {
            m.put(name, Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw new StageException(where + (line >= 0 ? " line " + line : "") + " " + name, "not a number: \""
                    + value + "\"");
        }
    }
}
