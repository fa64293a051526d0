package org.covidmtl.models.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.MinMaxScaler;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.ArtifactManifest;

/**
 * The input columns of a feature model: the cohort's feature table, optionally followed by clinical
 * attributes of the studies (parameter {@code clinical}: comma-separated attribute names, a trailing
 * {@code *} matches a prefix, e.g. {@code age,sex,lab:*}). Attribute values are read as the first number
 * in the text; {@code sex}/{@code gender} map male → 1, female → 0. Missing or non-numeric values are
 * imputed with the training mean of the column. Fitted on the training cohort, then fixed.
 */
final class InputColumns {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /** The file of an artifact that holds the input columns. */
    static final String FILE = "columns.properties";
    /** A study's feature beyond the training range by more than this fraction of the range is flagged. */
    static final double RANGE_SLACK = 0.10;

    private final List<String> features;
    private final List<String> clinical;
    private final double[] fill;
    /** Training range of each feature in raw units (before {@link #input}). */
    private final double[] min;
    private final double[] max;
    /** The caller's scaling of the feature columns ({@code ModelSettings.inputScaler()}), or {@code null}. */
    private final MinMaxScaler input;

    private InputColumns(List<String> features, List<String> clinical, double[] fill, double[] min, double[] max,
            MinMaxScaler input) {
        this.features = List.copyOf(features);
        this.clinical = List.copyOf(clinical);
        this.fill = fill;
        this.min = min;
        this.max = max;
        this.input = input;
    }

    /** Resolves the {@code clinical} specification against the training cohort and fits the imputation. */
    static InputColumns fit(Cohort train, String spec) {
        return fit(train, spec, null);
    }

    /**
     * As {@link #fit(Cohort, String)} for a training cohort whose feature columns the caller scaled with
     * {@code input} (or {@code null}): a {@link Study}'s raw features are then scaled the same way, and the
     * training range is kept in raw units.
     */
    static InputColumns fit(Cohort train, String spec, MinMaxScaler input) {
        if (input != null && input.columns() != train.featureNames().size()) {
            throw new StageException("cohort " + train.name(), "the input scaler has " + input.columns()
                    + " columns, the cohort " + train.featureNames().size() + " feature columns");
        }
        List<String> clinical = new ArrayList<>();
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.endsWith("*")) {
                    String prefix = p.substring(0, p.length() - 1);
                    TreeSet<String> keys = new TreeSet<>();
                    for (CaseRecord c : train.cases()) {
                        for (String k : c.attributes().keySet()) {
                            if (k.startsWith(prefix)) {
                                keys.add(k);
                            }
                        }
                    }
                    if (keys.isEmpty()) {
                        throw new StageException("parameter clinical", "no attribute of cohort " + train.name()
                                + " starts with " + prefix);
                    }
                    for (String k : keys) {
                        if (!clinical.contains(k)) {
                            clinical.add(k);
                        }
                    }
                } else if (!clinical.contains(p)) {
                    clinical.add(p);
                }
            }
        }
        if (train.featureNames().isEmpty() && clinical.isEmpty()) {
            throw new StageException("cohort " + train.name(), "has no feature columns and no clinical attributes were asked for");
        }
        double[] fill = new double[clinical.size()];
        for (int j = 0; j < fill.length; j++) {
            double s = 0;
            int n = 0;
            for (CaseRecord c : train.cases()) {
                double v = value(clinical.get(j), c.attributes().get(clinical.get(j)));
                if (!Double.isNaN(v)) {
                    s += v;
                    n++;
                }
            }
            if (n == 0) {
                throw new StageException("parameter clinical", "attribute " + clinical.get(j)
                        + " has no numeric value in cohort " + train.name());
            }
            fill[j] = s / n;
        }
        int d = train.featureNames().size();
        double[] lo = new double[d];
        double[] hi = new double[d];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (CaseRecord c : train.cases()) {
            double[] f = c.features();
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(f[j])) {
                    throw new StageException("study " + c.id(), "feature " + train.featureNames().get(j) + " is " + f[j]);
                }
                lo[j] = Math.min(lo[j], f[j]);
                hi[j] = Math.max(hi[j], f[j]);
            }
        }
        if (input != null) {
            // back to raw units: x = x' (max − min) + min, as MinMaxScaler maps a constant column by x − min
            double[] smin = input.min();
            double[] smax = input.max();
            for (int j = 0; j < d; j++) {
                double range = smax[j] - smin[j] == 0 ? 1 : smax[j] - smin[j];
                lo[j] = lo[j] * range + smin[j];
                hi[j] = hi[j] * range + smin[j];
            }
        }
        return new InputColumns(train.featureNames(), Collections.unmodifiableList(clinical), fill, lo, hi, input);
    }

    /** The training cohort's feature columns, in order. */
    List<String> features() {
        return features;
    }

    /** Whether the caller scales the feature columns of the cohorts (and the model a study's features). */
    boolean scalesInput() {
        return input != null;
    }

    /** The resolved clinical attribute names, in order. */
    List<String> clinical() {
        return clinical;
    }

    /** The numeric value of an attribute, NaN when missing or not numeric. */
    static double value(String key, String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        String k = key.toLowerCase(Locale.ROOT);
        if (k.equals("sex") || k.equals("gender")) {
            if (t.equals("male") || t.equals("m")) {
                return 1;
            }
            if (t.equals("female") || t.equals("f")) {
                return 0;
            }
        }
        Matcher m = NUMBER.matcher(t);
        return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
    }

    /** Feature names, then {@code clinical:<attribute>} for each clinical column. */
    List<String> names() {
        List<String> n = new ArrayList<>(features);
        for (String c : clinical) {
            n.add("clinical:" + c);
        }
        return n;
    }

    int width() {
        return features.size() + clinical.size();
    }

    /** Rows of {@code cohort}: its features (checked against the training columns), then clinical values. */
    double[][] matrix(Cohort cohort) {
        if (!features.equals(cohort.featureNames())) {
            throw new StageException("cohort " + cohort.name(), "feature columns differ from the training cohort's ("
                    + cohort.featureNames().size() + " vs " + features.size() + " columns)");
        }
        double[][] x = new double[cohort.size()][];
        for (int i = 0; i < x.length; i++) {
            CaseRecord c = cohort.cases().get(i);
            double[] f = c.features();
            double[] row = new double[width()];
            for (int j = 0; j < f.length; j++) {
                if (!Double.isFinite(f[j])) {
                    throw new StageException("study " + c.id(), "feature " + features.get(j) + " is " + f[j]);
                }
                row[j] = f[j];
            }
            for (int j = 0; j < clinical.size(); j++) {
                double v = value(clinical.get(j), c.attributes().get(clinical.get(j)));
                row[f.length + j] = Double.isFinite(v) ? v : fill[j];
            }
            x[i] = row;
        }
        return x;
    }

    /**
     * The input row of one study: its features by name (every training feature must be there and finite;
     * scaled with the caller's input scaler when the training cohort was), then its clinical attributes by name (a missing or non-numeric one is imputed with the training mean).
     * Adds to {@code warnings} a line naming imputed attributes and one when features lie outside the training
     * range by more than {@link #RANGE_SLACK} of it.
     *
     * @throws StageException naming the study and the missing or non-finite feature
     */
    double[] row(Study study, List<String> warnings) {
        Map<String, Double> given = study.features();
        List<String> missing = new ArrayList<>();
        double[] row = new double[width()];
        for (int j = 0; j < features.size(); j++) {
            Double v = given.get(features.get(j));
            if (v == null) {
                missing.add(features.get(j));
                continue;
            }
            if (!Double.isFinite(v)) {
                throw new StageException("study " + study.id(), "feature " + features.get(j) + " is " + v);
            }
            row[j] = v;
        }
        if (!missing.isEmpty()) {
            String names = String.join(", ", missing.subList(0, Math.min(3, missing.size())));
            throw new StageException("study " + study.id(), missing.size() == 1 ? "feature " + names + " missing"
                    : "features " + names + (missing.size() > 3 ? " and " + (missing.size() - 3) + " more" : "")
                            + " missing (" + missing.size() + " of " + features.size() + ")");
        }
        List<String> imputed = new ArrayList<>();
        for (int j = 0; j < clinical.size(); j++) {
            double v = value(clinical.get(j), study.attributes().get(clinical.get(j)));
            if (Double.isFinite(v)) {
                row[features.size() + j] = v;
            } else {
                row[features.size() + j] = fill[j];
                imputed.add(clinical.get(j));
            }
        }
        if (!imputed.isEmpty()) {
            warnings.add("clinical attribute" + (imputed.size() == 1 ? " " : "s ") + String.join(", ", imputed)
                    + " missing or not numeric; imputed with the training mean");
        }
        String range = outOfRange(row);
        if (range != null) {
            warnings.add(range);
        }
        if (input != null) {
            double[] scaled = input.transform(java.util.Arrays.copyOf(row, features.size()));
            System.arraycopy(scaled, 0, row, 0, scaled.length);
        }
        return row;
    }

    /**
     * {@code 12 of 375 features outside the training range, e.g. <name> (<value>; training <min>..<max>)}, naming
     * the feature farthest out (in multiples of its range), or {@code null} when every feature is within the
     * training range widened by {@link #RANGE_SLACK} of it on each side.
     */
    String outOfRange(double[] row) {
        int count = 0;
        int worst = -1;
        double worstExcess = 0;
        for (int j = 0; j < features.size(); j++) {
            double range = max[j] - min[j];
            double slack = RANGE_SLACK * range;
            double v = row[j];
            double excess = v < min[j] - slack ? min[j] - v : v > max[j] + slack ? v - max[j] : 0;
            if (excess > 0) {
                count++;
                double relative = range > 0 ? excess / range : Double.POSITIVE_INFINITY;
                if (worst < 0 || relative > worstExcess) {
                    worst = j;
                    worstExcess = relative;
                }
            }
        }
        if (count == 0) {
            return null;
        }
        return count + " of " + features.size() + " features outside the training range, e.g. " + features.get(worst)
                + " (" + format(row[worst]) + "; training " + format(min[worst]) + ".." + format(max[worst]) + ")";
    }

    /** Three significant digits from 0.001 to 10⁴, else two in {@code 3.1e6} style. */
    static String format(double v) {
        double a = Math.abs(v);
        if (v == 0 || (a >= 1e-3 && a < 1e4)) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros()
                    .toPlainString();
        }
        String s = String.format(Locale.ROOT, "%.1e", v); // 3.1e+06
        return s.replace("e+0", "e").replace("e+", "e").replace("e-0", "e-");
    }

    /** Writes {@link #FILE}: the columns' names, the training range of each feature, the clinical imputation. */
    void write(Path folder) throws IOException {
        Properties p = new Properties();
        p.setProperty("format", "1");
        p.setProperty("features", Integer.toString(features.size()));
        for (int j = 0; j < features.size(); j++) {
            p.setProperty("feature." + j, features.get(j));
        }
        PayloadFiles.put(p, "feature.min", min);
        PayloadFiles.put(p, "feature.max", max);
        p.setProperty("clinical", Integer.toString(clinical.size()));
        for (int j = 0; j < clinical.size(); j++) {
            p.setProperty("clinical." + j, clinical.get(j));
        }
        PayloadFiles.put(p, "clinical.fill", fill);
        p.setProperty("input.scaled", Boolean.toString(input != null));
        if (input != null) {
            PayloadFiles.put(p, "input.min", input.min());
            PayloadFiles.put(p, "input.max", input.max());
        }
        PayloadFiles.write(folder.resolve(FILE), p,
                "input columns: training feature names and raw ranges, clinical attributes and their imputed means,"
                        + " the caller's min-max scaling of the features (input.*)");
    }

    /**
     * Reads {@link #FILE} of an artifact and checks it against the manifest's schema.
     *
     * @throws ModelArtifactException naming the file when it is missing, damaged or differs from the schema
     */
    static InputColumns read(Path folder, List<String> features, List<String> attributes) {
        Path file = folder.resolve(FILE);
        Properties p = PayloadFiles.read(file);
        if (PayloadFiles.integer(p, "format", file) != 1) {
            throw new ModelArtifactException(file.toString(), "format " + p.getProperty("format") + " (this model reads 1)");
        }
        int d = PayloadFiles.integer(p, "features", file);
        int c = PayloadFiles.integer(p, "clinical", file);
        List<String> f = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            f.add(PayloadFiles.text(p, "feature." + j, file));
        }
        List<String> cl = new ArrayList<>();
        for (int j = 0; j < c; j++) {
            cl.add(PayloadFiles.text(p, "clinical." + j, file));
        }
        if (!f.equals(features)) {
            throw new ModelArtifactException(file.toString(), d + " feature columns that differ from the "
                    + features.size() + " of " + ArtifactManifest.FILE);
        }
        if (!cl.equals(attributes)) {
            throw new ModelArtifactException(file.toString(), "clinical attributes " + cl + " differ from "
                    + attributes + " of " + ArtifactManifest.FILE);
        }
        double[] lo = PayloadFiles.numbers(p, "feature.min", d, file);
        double[] hi = PayloadFiles.numbers(p, "feature.max", d, file);
        for (int j = 0; j < d; j++) {
            if (lo[j] > hi[j]) {
                throw new ModelArtifactException(file.toString(), "feature " + f.get(j) + ": training minimum "
                        + lo[j] + " above its maximum " + hi[j]);
            }
        }
        MinMaxScaler in = null;
        String scaled = PayloadFiles.text(p, "input.scaled", file).trim();
        if (scaled.equals("true")) {
            double[] smin = PayloadFiles.numbers(p, "input.min", d, file);
            double[] smax = PayloadFiles.numbers(p, "input.max", d, file);
            for (int j = 0; j < d; j++) {
                if (smin[j] > smax[j]) {
                    throw new ModelArtifactException(file.toString(), "input scaler of feature " + f.get(j)
                            + ": minimum " + smin[j] + " above its maximum " + smax[j]);
                }
            }
            in = MinMaxScaler.fit(new double[][] { smin, smax });
        } else if (!scaled.equals("false")) {
            throw new ModelArtifactException(file.toString(), "input.scaled is not true or false: " + scaled);
        }
        return new InputColumns(f, cl, PayloadFiles.numbers(p, "clinical.fill", c, file), lo, hi, in);
    }
}
