package org.covidmtl.models.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.stage.StageException;

/**
 * The input columns of a feature model: the cohort's feature table, optionally followed by clinical
 * attributes of the studies (parameter {@code clinical}: comma-separated attribute names, a trailing
 * {@code *} matches a prefix, e.g. {@code age,sex,lab:*}). Attribute values are read as the first number
 * in the text; {@code sex}/{@code gender} map male → 1, female → 0. Missing or non-numeric values are
 * imputed with the training mean of the column. Fitted on the training cohort, then fixed.
 */
final class InputColumns {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final List<String> features;
    private final List<String> clinical;
    private final double[] fill;

    private InputColumns(List<String> features, List<String> clinical, double[] fill) {
        this.features = features;
        this.clinical = clinical;
        this.fill = fill;
    }

    /** Resolves the {@code clinical} specification against the training cohort and fits the imputation. */
    static InputColumns fit(Cohort train, String spec) {
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
        return new InputColumns(train.featureNames(), Collections.unmodifiableList(clinical), fill);
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
}
