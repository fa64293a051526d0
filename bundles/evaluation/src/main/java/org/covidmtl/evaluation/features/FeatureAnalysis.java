package org.covidmtl.evaluation.features;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.evaluation.AtomicFiles;
import org.covidmtl.evaluation.CsvText;
import org.covidmtl.evaluation.plot.Plots;

/**
 * Which features separate the label groups of a task: Welch's ANOVA per feature, box plots of the top features by
 * group, and a clustered heatmap of the z-scored top features with label, age and sex annotation rows.
 */
public final class FeatureAnalysis {

    /**
     * One feature's test.
     *
     * @param feature name
     * @param index column in the cohort
     * @param result Welch's ANOVA
     */
    public record FeatureTest(String feature, int index, WelchAnova.Result result) {
    }

    private FeatureAnalysis() {
    }

    /** Welch's ANOVA of every feature across the classes of task {@code task}; sorted by p, then by F descending. */
    public static List<FeatureTest> anova(Cohort cohort, int task) {
        int classes = cohort.tasks().get(task).classes();
        int[] y = cohort.labels(task);
        double[][] x = cohort.featureMatrix();
        List<FeatureTest> out = new ArrayList<>();
        for (int j = 0; j < cohort.featureNames().size(); j++) {
            double[][] groups = new double[classes][];
            int[] counts = new int[classes];
            for (int v : y) {
                if (v >= 0) {
                    counts[v]++;
                }
            }
            for (int k = 0; k < classes; k++) {
                groups[k] = new double[counts[k]];
            }
            int[] fill = new int[classes];
            for (int i = 0; i < y.length; i++) {
                if (y[i] >= 0) {
                    groups[y[i]][fill[y[i]]++] = x[i][j];
                }
            }
            out.add(new FeatureTest(cohort.featureNames().get(j), j, WelchAnova.test(groups)));
        }
        out.sort(Comparator.<FeatureTest>comparingDouble(t -> Double.isNaN(t.result().p()) ? 2 : t.result().p())
                .thenComparing(Comparator.<FeatureTest>comparingDouble(t -> Double.isNaN(t.result().f()) ? 0
                        : t.result().f()).reversed()));
        return out;
    }

    /** The tests as CSV: feature, F, df1, df2, p, mean and n per group. */
    public static String csv(List<FeatureTest> tests, Task task) {
        List<String> header = new ArrayList<>(List.of("feature", "F", "df1", "df2", "p"));
        for (int k = 0; k < task.classes(); k++) {
            header.add("mean_" + k);
        }
        for (int k = 0; k < task.classes(); k++) {
            header.add("n_" + k);
        }
        CsvText csv = new CsvText(header);
        for (FeatureTest t : tests) {
            WelchAnova.Result r = t.result();
            List<Object> row = new ArrayList<>(List.of(t.feature(), r.f(), r.df1(), r.df2(), r.p()));
            for (double m : r.means()) {
                row.add(m);
            }
            for (int n : r.sizes()) {
                row.add(n);
            }
            csv.row(row);
        }
        return csv.toString();
    }

    /**
     * Runs the analysis of task {@code task} and writes {@code anova-<task>.csv}, {@code boxplots-<task>.png}
     * (the {@code boxTop} best features) and {@code heatmap-<task>.png} (the {@code heatTop} best features).
     */
    public static List<FeatureTest> write(Cohort cohort, int task, String[] groupNames, int boxTop, int heatTop,
            Path dir) {
        Task t = cohort.tasks().get(task);
        List<FeatureTest> tests = anova(cohort, task);
        AtomicFiles.writeString(dir.resolve("anova-" + t.name() + ".csv"), csv(tests, t));
        int[] y = cohort.labels(task);
        double[][] x = cohort.featureMatrix();
        Map<String, Map<String, double[]>> box = new LinkedHashMap<>();
        for (FeatureTest ft : tests.subList(0, Math.min(boxTop, tests.size()))) {
            double[] col = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                col[i] = x[i][ft.index()];
            }
            box.put(String.format(Locale.ROOT, "%s (p=%.2g)", ft.feature(), ft.result().p()), Plots.groups(col, y,
                    groupNames));
        }
        Plots.boxPlots(dir.resolve("boxplots-" + t.name() + ".png"), box);

        List<FeatureTest> top = tests.subList(0, Math.min(heatTop, tests.size()));
        double[][] sub = new double[x.length][top.size()];
        List<String> names = new ArrayList<>();
        for (int j = 0; j < top.size(); j++) {
            names.add(top.get(j).feature());
            for (int i = 0; i < x.length; i++) {
                sub[i][j] = x[i][top.get(j).index()];
            }
        }
        ClusterHeatmap.write(dir.resolve("heatmap-" + t.name() + ".png"), "Top " + top.size() + " features by Welch's ANOVA, "
                + t.name(), sub, names, annotations(cohort, task, groupNames));
        return tests;
    }

    /** Label, age and sex annotation rows from the cohort's labels and attributes. */
    public static List<ClusterHeatmap.Annotation> annotations(Cohort cohort, int task, String[] groupNames) {
        int n = cohort.size();
        double[] label = new double[n];
        double[] age = new double[n];
        double[] sex = new double[n];
        TreeMap<String, Integer> sexes = new TreeMap<>();
        for (CaseRecord c : cohort.cases()) {
            String s = c.attributes().get("sex");
            if (s != null && !s.isBlank()) {
                sexes.putIfAbsent(s, 0);
            }
        }
        int k = 0;
        for (Map.Entry<String, Integer> e : sexes.entrySet()) {
            e.setValue(k++);
        }
        for (int i = 0; i < n; i++) {
            CaseRecord c = cohort.cases().get(i);
            label[i] = c.label(task) < 0 ? Double.NaN : c.label(task);
            age[i] = parse(c.attributes().get("age"));
            String s = c.attributes().get("sex");
            sex[i] = s == null || !sexes.containsKey(s) ? Double.NaN : sexes.get(s);
        }
        List<ClusterHeatmap.Annotation> out = new ArrayList<>();
        out.add(new ClusterHeatmap.Annotation(cohort.tasks().get(task).name(), label, true, List.of(groupNames)));
        out.add(new ClusterHeatmap.Annotation("age", age, false, List.of()));
        out.add(new ClusterHeatmap.Annotation("sex", sex, true, List.copyOf(sexes.keySet())));
        return out;
    }

    private static double parse(String s) {
        if (s == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
