package org.covidmtl.models.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.MinMaxScaler;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.Study;

/**
 * Min–max scaling of the radiomic features of a trained covid-mtl, as the reference scales its feature branch's
 * input (fitted here on the training studies only). Raw radiomic features span 1e-6..1e12 (TotalEnergy): unscaled
 * they make the loss diverge. Kept in the artifact as {@value #FILE} ({@code name,min,max}, doubles written so
 * that they read back exactly); a model imported from PyTorch weights has none and takes features as given.
 */
final class FeatureScaler {
    static final String FILE = "feature-scaler.csv";

    private FeatureScaler() {
    }

    /** Fitted on the studies that have every feature finite; {@code null} when none has. */
    static MinMaxScaler fit(List<LabelledStudy> train, List<String> names) {
        List<double[]> rows = new ArrayList<>();
        for (LabelledStudy ls : train) {
            double[] row = row(ls.study(), names);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows.isEmpty() || names.isEmpty() ? null : MinMaxScaler.fit(rows.toArray(double[][]::new));
    }

    /** The studies with their features scaled (a study missing a feature is left as it is: the trainer names it). */
    static List<LabelledStudy> apply(MinMaxScaler s, List<LabelledStudy> studies, List<String> names) {
        if (s == null || studies == null) {
            return studies;
        }
        List<LabelledStudy> out = new ArrayList<>(studies.size());
        for (LabelledStudy ls : studies) {
            Study st = ls.study();
            double[] row = row(st, names);
            if (row == null) {
                out.add(ls);
                continue;
            }
            double[] x = s.transform(row);
            Map<String, Double> scaled = new LinkedHashMap<>(st.features());
            for (int j = 0; j < names.size(); j++) {
                scaled.put(names.get(j), x[j]);
            }
            out.add(new LabelledStudy(new Study(st.id(), scaled, st.attributes(), st.volume()), ls.labels()));
        }
        return out;
    }

    private static double[] row(Study s, List<String> names) {
        double[] row = new double[names.size()];
        for (int j = 0; j < row.length; j++) {
            Double v = s.features().get(names.get(j));
            if (v == null || !Double.isFinite(v)) {
                return null;
            }
            row[j] = v;
        }
        return row;
    }

    static void write(MinMaxScaler s, List<String> names, Path folder) throws IOException {
        StringBuilder b = new StringBuilder("feature,min,max\n");
        for (int j = 0; j < names.size(); j++) {
            b.append(names.get(j)).append(',').append(s.min()[j]).append(',').append(s.max()[j]).append('\n');
        }
        Files.writeString(folder.resolve(FILE), b, StandardCharsets.UTF_8);
    }

    /** The scaler of an artifact, {@code null} when it has none. */
    static MinMaxScaler read(Path artifact, List<String> names) {
        Path f = artifact.resolve(FILE);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            if (lines.size() != names.size() + 1) {
                throw new ModelArtifactException(f.toString(), (lines.size() - 1) + " features, the schema has "
                        + names.size());
            }
            double[] min = new double[names.size()];
            double[] max = new double[names.size()];
            for (int j = 0; j < names.size(); j++) {
                String line = lines.get(j + 1);
                int b = line.lastIndexOf(',');
                int a = line.lastIndexOf(',', b - 1);
                if (a < 0 || !line.substring(0, a).equals(names.get(j))) {
                    throw new ModelArtifactException(f.toString(), "line " + (j + 2) + " is not feature "
                            + names.get(j));
                }
                min[j] = Double.parseDouble(line.substring(a + 1, b));
                max[j] = Double.parseDouble(line.substring(b + 1));
            }
            return MinMaxScaler.of(min, max);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelArtifactException(f.toString(), "not a feature scaler: " + e.getMessage(), e);
        }
    }
}
