package org.covidmtl.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Metric;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.evaluation.CsvText;
import org.covidmtl.experiment.ExperimentRunner.MetricRow;
import org.covidmtl.experiment.ExperimentRunner.SummaryRow;

/** The tables of a result folder: metrics, summary, predictions, and the AUCs next to the paper's. */
final class ResultTables {
    /** The pseudo-task of the rows about training itself ({@link #WALL_SECONDS}, {@link #THREADS}). */
    static final String TRAINING = "training";
    static final String WALL_SECONDS = "wall-seconds";
    static final String THREADS = "threads";

    private ResultTables() {
    }

    /** Rows of task {@value #TRAINING}: wall seconds of {@code fit} and the threads it was given, per trained model. */
    static List<MetricRow> trainingRows(Trained t) {
        return List.of(row(t, Metric.of(WALL_SECONDS, t.wallSeconds())), row(t, Metric.of(THREADS, t.threads()
                .threads())));
    }

    private static MetricRow row(Trained t, Metric m) {
        return new MetricRow(t.configuration(), t.run().label(), t.run().model(), t.loss(), t.seed(), TRAINING, m);
    }

    static String metricsCsv(List<MetricRow> rows) {
        CsvText csv = new CsvText("configuration", "run", "model", "loss", "seed", "task", "metric", "value", "lower",
                "upper");
        for (MetricRow r : rows) {
            csv.row(r.configuration(), r.run(), r.model(), r.loss(), r.seed(), r.task(), r.metric().name(), r.metric()
                    .value(), r.metric().lower(), r.metric().upper());
        }
        return csv.toString();
    }

    /** Mean and sample standard deviation over seeds of every (configuration, task, metric), in first-seen order. */
    static List<SummaryRow> summarise(List<MetricRow> rows) {
        Map<List<String>, List<MetricRow>> groups = new LinkedHashMap<>();
        for (MetricRow r : rows) {
            groups.computeIfAbsent(List.of(r.configuration(), r.task(), r.metric().name()), k -> new ArrayList<>()).add(
                    r);
        }
        List<SummaryRow> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<MetricRow>> e : groups.entrySet()) {
            List<MetricRow> g = e.getValue();
            double m = 0;
            for (MetricRow r : g) {
                m += r.metric().value();
            }
            m /= g.size();
            double ss = 0;
            for (MetricRow r : g) {
                ss += (r.metric().value() - m) * (r.metric().value() - m);
            }
            double sd = g.size() > 1 ? Math.sqrt(ss / (g.size() - 1)) : 0;
            out.add(new SummaryRow(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), m, sd, g.size(), g.get(0)
                    .metric().lower(), g.get(0).metric().upper()));
        }
        return out;
    }

    static String summaryCsv(List<SummaryRow> rows) {
        CsvText csv = new CsvText(ResultComparison.SUMMARY_HEADER);
        for (SummaryRow r : rows) {
            csv.row(r.configuration(), r.task(), r.metric(), r.mean(), r.sd(), r.seeds(), r.lower(), r.upper());
        }
        return csv.toString();
    }

    /** Study id, then per task the true class and the probability of each class. */
    static String predictionsCsv(Cohort test, List<Task> tasks, Predictions p) {
        List<String> header = new ArrayList<>(List.of("id"));
        for (Task t : tasks) {
            header.add(t.name() + "_truth");
            for (int k = 0; k < t.classes(); k++) {
                header.add(t.name() + "_p" + k);
            }
        }
        CsvText csv = new CsvText(header);
        for (int i = 0; i < test.size(); i++) {
            List<Object> r = new ArrayList<>();
            r.add(test.cases().get(i).id());
            for (Task t : tasks) {
                r.add(test.cases().get(i).label(test.taskIndex(t.name())));
                for (double v : p.probabilities().get(t.name())[i]) {
                    r.add(v);
                }
            }
            csv.row(r);
        }
        return csv.toString();
    }

    /** Our paper-style AUC (mean ± sd over seeds) next to the paper's, for runs that give paper values. */
    static String paperTable(ExperimentSpec spec, List<SummaryRow> summary, List<Task> tasks) {
        Map<List<String>, SummaryRow> by = new HashMap<>();
        for (SummaryRow r : summary) {
            by.put(List.of(r.configuration(), r.task(), r.metric()), r);
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-34s", "configuration (AUC, paper's method)"));
        for (Task t : tasks) {
            b.append(String.format(Locale.ROOT, " | %-26s", t.name() + " ours (paper)"));
        }
        b.append('\n');
        for (ExperimentSpec.Run run : spec.runs()) {
            for (SummaryRow any : summary) {
                if (!any.metric().equals("auc-paper") || !any.task().equals(tasks.get(0).name())
                        || !(any.configuration().equals(run.label()) || any.configuration().startsWith(run.label()
                                + "/"))) {
                    continue;
                }
                String c = any.configuration();
                b.append(String.format(Locale.ROOT, "%-34s", c));
                for (Task t : tasks) {
                    SummaryRow r = by.get(List.of(c, t.name(), "auc-paper"));
                    Double p = run.paper().get(t.name());
                    String ours = r == null ? "-" : r.seeds() > 1 ? String.format(Locale.ROOT, "%.3f ± %.3f", r.mean(),
                            r.sd()) : String.format(Locale.ROOT, "%.3f", r.mean());
                    b.append(String.format(Locale.ROOT, " | %-26s", ours + (p == null ? "" : String.format(Locale.ROOT,
                            " (%.3f)", p))));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }
}
