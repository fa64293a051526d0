package org.covidmtl.experiment.predict;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.models.artifact.Npy;
import org.covidmtl.models.artifact.PreparedStudies;

/**
 * The studies of {@code mtl:predict}: a volume file (read by the volume-reader stage) or a prepared {@code .npy}
 * tensor N×1×D×H×W, and features from a {@code .npy} (N×F, in the model's feature order) or a CSV (a header of
 * feature names, one row per study, an optional {@code id}/{@code PID} column).
 */
public final class StudyInputs {
    private StudyInputs() {
    }

    /**
     * @param volume a volume file or folder, a {@code .npy} tensor, or {@code null}
     * @param features a {@code .npy} or CSV file, or {@code null}
     * @param reader reads a volume file through the volume-reader stage
     */
    public static List<Study> of(ModelSchema schema, Path volume, Path features, Function<Path, LoadedVolume> reader) {
        if (volume == null && features == null) {
            throw new StageException("mtl:predict", "give a volume and/or --features");
        }
        List<Map<String, Double>> rows = null;
        List<String> ids = null;
        if (features != null) {
            if (isNpy(features)) {
                rows = npyFeatures(schema, features);
            } else {
                ids = new ArrayList<>();
                rows = csvFeatures(features, ids);
            }
        }
        List<Study> out = new ArrayList<>();
        if (volume == null) {
            for (int i = 0; i < rows.size(); i++) {
                out.add(new Study(ids != null ? ids.get(i) : "row " + (i + 1), rows.get(i), Map.of(), null));
            }
            return out;
        }
        if (isNpy(volume)) {
            if (features != null && !isNpy(features)) {
                throw new StageException(features.toString(), "the features of a prepared .npy volume tensor must be"
                        + " a .npy too (N×F, in the model's feature order)");
            }
            return PreparedStudies.of(schema, volume, features);
        }
        if (rows != null && rows.size() != 1) {
            throw new StageException(features.toString(), rows.size() + " feature rows for one volume");
        }
        String id = volume.getFileName().toString();
        Map<String, Double> f = rows == null ? Map.of() : rows.get(0);
        out.add(new Study(id, f, Map.of(), () -> {
            LoadedVolume lv = reader.apply(volume);
            return new StudyVolume(lv.volume(), lv.mask(), false);
        }));
        return out;
    }

    private static boolean isNpy(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    private static List<Map<String, Double>> npyFeatures(ModelSchema schema, Path file) {
        Npy.Tensor t = Npy.read(file);
        long[] s = t.shape();
        List<String> names = schema.features();
        if (s.length != 2 || s[1] != names.size()) {
            throw new StageException(file.toString(), "features must be N×" + names.size() + " (the model's "
                    + names.size() + " features in its order), is " + shape(s));
        }
        List<Map<String, Double>> rows = new ArrayList<>();
        float[] data = t.data();
        for (int i = 0; i < s[0]; i++) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (int j = 0; j < names.size(); j++) {
                row.put(names.get(j), (double) data[i * names.size() + j]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Double>> csvFeatures(Path file, List<String> ids) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
        List<Map<String, Double>> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = format.parse(r)) {
            List<String> header = p.getHeaderNames();
            String idColumn = header.stream().filter(h -> h.equalsIgnoreCase("id") || h.equalsIgnoreCase("pid"))
                    .findFirst().orElse(null);
            for (CSVRecord rec : p) {
                Map<String, Double> row = new LinkedHashMap<>();
                for (String h : header) {
                    if (h.equals(idColumn) || h.isEmpty()) {
                        continue;
                    }
                    String v = rec.get(h);
                    try {
                        row.put(h, Double.parseDouble(v));
                    } catch (NumberFormatException e) {
                        throw new StageException(file + " line " + rec.getRecordNumber() + 1, "column " + h
                                + " is not a number: " + v);
                    }
                }
                rows.add(row);
                ids.add(idColumn == null ? "row " + rec.getRecordNumber() : rec.get(idColumn));
            }
        } catch (IOException e) {
            throw new StageException(file.toString(), Files.exists(file) ? "cannot read: " + e.getMessage()
                    : "no such file", e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StageException(file.toString(), "not a CSV with one header row: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new StageException(file.toString(), "no rows");
        }
        return rows;
    }

    static String shape(long[] s) {
        StringBuilder b = new StringBuilder();
        for (long d : s) {
            b.append(b.length() == 0 ? "" : "×").append(d);
        }
        return b.toString();
    }
}
