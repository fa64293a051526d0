package org.covidmtl.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The self-contained HTML report of a result folder: tables and the PNGs beside it. */
final class Report {
    static final List<String> COLUMNS = List.of("auc-paper", "auc", "accuracy", "precision-weighted",
            "recall-weighted", "f1-weighted", "brier", "ece");

    private Report() {
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String html(ExperimentSpec spec, ExperimentRunner.Inputs in, List<ExperimentRunner.SummaryRow> summary,
            List<String[]> comparisons, String paperTable, List<String> pngs, List<String> analysis, List<String> importance,
            List<String> skippedVolumes, Instant started, Instant finished) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(spec.name()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1400px}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;"
                        + "text-align:right}th{background:#eee}td:first-child,th:first-child{text-align:left}"
                        + "img{max-width:720px;margin:6px;border:1px solid #ddd}pre{background:#f6f6f6;padding:1em}"
                        + ".note{color:#555}</style></head><body>\n");
        b.append("<h1>Experiment ").append(esc(spec.name())).append("</h1>\n");
        if (!spec.description().isEmpty()) {
            b.append("<p>").append(esc(spec.description())).append("</p>\n");
        }
        b.append("<p class=\"note\">Train ").append(in.data().train().size()).append(" / test ").append(in.data().test()
                .size()).append(" studies, ").append(in.data().train().featureNames().size()).append(
                        " features. Feature scaling: <b>").append(esc(in.data().scaling().label())).append("</b>")
                .append(in.data().scaling() == org.covidmtl.cohort.Scaling.REFERENCE
                        ? " (min-max fitted on all studies, train and test, as the reference implementation: test leakage)"
                        : in.data().scaling() == org.covidmtl.cohort.Scaling.TRAIN
                                ? " (min-max fitted on the training split only)" : "")
                .append(". Started ").append(started).append(", took ").append(Duration.between(started, finished)
                        .toSeconds()).append(" s. Intervals: percentile bootstrap, ").append(spec.bootstrap())
                .append(" resamples, first seed.</p>\n");
        if (skippedVolumes != null && spec.volumes().isPresent()) {
            b.append("<p class=\"note\">Volume runs: studies from ").append(esc(spec.volumes().get().studies()
                    .toString())).append(" (").append(spec.volumes().get().prepare().key()).append("; every study in "
                            + "preparation.csv)");
            if (skippedVolumes.isEmpty()) {
                b.append(", none skipped.</p>\n");
            } else {
                b.append("; skipped in training:</p>\n<ul>");
                skippedVolumes.forEach(x -> b.append("<li>").append(esc(x)).append("</li>"));
                b.append("</ul>\n");
            }
        }
        b.append("<h2>AUC next to the paper</h2>\n<pre>").append(esc(paperTable)).append("</pre>\n");
        Set<String> tasks = new LinkedHashSet<>();
        Set<String> configs = new LinkedHashSet<>();
        Map<List<String>, ExperimentRunner.SummaryRow> by = new HashMap<>();
        for (ExperimentRunner.SummaryRow r : summary) {
            if (!r.task().equals(ResultTables.TRAINING)) {
                tasks.add(r.task());
            }
            configs.add(r.configuration());
            by.put(List.of(r.configuration(), r.task(), r.metric()), r);
        }
        for (String t : tasks) {
            b.append("<h2>").append(esc(t)).append("</h2>\n<table><tr><th>configuration</th><th>seeds</th>");
            List<String> cols = new ArrayList<>();
            for (String c : COLUMNS) {
                boolean any = configs.stream().anyMatch(cf -> by.containsKey(List.of(cf, t, c)));
                if (any) {
                    cols.add(c);
                    b.append("<th>").append(esc(c)).append("</th>");
                }
            }
            b.append("</tr>\n");
            for (String cf : configs) {
                b.append("<tr><td>").append(esc(cf)).append("</td>");
                ExperimentRunner.SummaryRow any = null;
                StringBuilder cells = new StringBuilder();
                for (String c : cols) {
                    ExperimentRunner.SummaryRow r = by.get(List.of(cf, t, c));
                    any = any == null ? r : any;
                    cells.append("<td>").append(r == null ? "" : cell(r)).append("</td>");
                }
                b.append("<td>").append(any == null ? "" : any.seeds()).append("</td>").append(cells).append("</tr>\n");
            }
            b.append("</table>\n");
            for (String png : pngs) {
                if (png.endsWith("-" + t + ".png")) {
                    b.append("<img src=\"").append(esc(png)).append("\" alt=\"").append(esc(png)).append("\">");
                }
            }
            b.append('\n');
        }
        training(b, configs, by);
        if (!comparisons.isEmpty()) {
            b.append("<h2>Comparisons by ").append(esc(in.comparator().name())).append(
                    " (first seed)</h2>\n<table><tr><th>task</th><th>A</th><th>B</th><th>metric</th>"
                            + "<th>A</th><th>B</th><th>statistic</th><th>p</th></tr>\n");
            for (String[] c : comparisons) {
                b.append("<tr>");
                for (int i = 0; i < c.length; i++) {
                    String v = c[i];
                    if (i >= 4) {
                        try {
                            v = String.format(Locale.ROOT, i == 7 ? "%.3g" : "%.3f", Double.parseDouble(v));
                        } catch (NumberFormatException e) {
                            // keep text
                        }
                    }
                    b.append("<td>").append(esc(v)).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
        if (pngs.contains("loss-curves.png")) {
            b.append("<h2>Loss curves (first seed)</h2>\n<img src=\"loss-curves.png\" alt=\"loss curves\">\n");
        }
        if (!importance.isEmpty()) {
            b.append("<h2>Feature importance (first seed)</h2>\n");
            for (String a : importance) {
                b.append("<p class=\"note\"><a href=\"").append(esc(a.replace(".png", ".csv"))).append("\">").append(esc(
                        a.replace(".png", ".csv"))).append("</a></p><img src=\"").append(esc(a)).append(
                                "\" alt=\"").append(esc(a)).append("\" style=\"max-width:100%\"><br>\n");
            }
        }
        if (!analysis.isEmpty()) {
            b.append("<h2>Feature analysis (Welch's ANOVA, all studies)</h2>\n<p class=\"note\">Table: "
                    + "<a href=\"analysis/anova-").append(esc(spec.analysis().task())).append(".csv\">anova-").append(esc(
                            spec.analysis().task())).append(".csv</a></p>\n");
            for (String a : analysis) {
                b.append("<img src=\"").append(esc(a)).append("\" alt=\"").append(esc(a)).append(
                        "\" style=\"max-width:100%\"><br>\n");
            }
        }
        b.append("<p class=\"note\">Evaluators: ").append(esc(String.join(", ", in.evaluators().keySet()))).append(
                "; comparator: ").append(esc(in.comparator() == null ? ExperimentSpec.NO_COMPARATOR : in.comparator()
                        .name())).append(" (the providers' covidmtl.name).</p>\n");
        b.append("<p class=\"note\">Files: metrics.csv (every seed), summary.csv, comparisons.csv, predictions/, "
                + "provenance.json.</p>\n</body></html>\n");
        return b.toString();
    }

    /** Wall seconds of training and the threads it was given, per configuration (mean ± sd over seeds). */
    private static void training(StringBuilder b, Set<String> configs, Map<List<String>, ExperimentRunner.SummaryRow> by) {
        b.append("<h2>Training</h2>\n<table><tr><th>configuration</th><th>seeds</th><th>wall seconds</th>"
                + "<th>threads</th></tr>\n");
        for (String cf : configs) {
            ExperimentRunner.SummaryRow s = by.get(List.of(cf, ResultTables.TRAINING, ResultTables.WALL_SECONDS));
            ExperimentRunner.SummaryRow t = by.get(List.of(cf, ResultTables.TRAINING, ResultTables.THREADS));
            if (s != null && t != null) {
                b.append("<tr><td>").append(esc(cf)).append("</td><td>").append(s.seeds()).append("</td><td>").append(
                        String.format(Locale.ROOT, s.seeds() > 1 ? "%.1f ± %.1f" : "%.1f", s.mean(), s.sd())).append(
                                "</td><td>").append(String.format(Locale.ROOT, "%.0f", t.mean())).append(
                                        "</td></tr>\n");
            }
        }
        b.append("</table>\n");
    }

    private static String cell(ExperimentRunner.SummaryRow r) {
        String s = r.seeds() > 1 ? String.format(Locale.ROOT, "%.3f ± %.3f", r.mean(), r.sd()) : String.format(
                Locale.ROOT, "%.3f", r.mean());
        if (!Double.isNaN(r.lower())) {
            s += String.format(Locale.ROOT, " <small>[%.3f, %.3f]</small>", r.lower(), r.upper());
        }
        return s;
    }
}
