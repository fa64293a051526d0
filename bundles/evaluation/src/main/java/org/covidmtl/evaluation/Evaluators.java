package org.covidmtl.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Comparison;
import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.api.evaluation.Metric;
import org.covidmtl.api.evaluation.ModelComparator;

/**
 * The evaluators of the platform as plain objects, by the {@code covidmtl.name} their services carry. Metric
 * names are stable: they are the columns of experiment results.
 */
public final class Evaluators {
    public static final String ACCURACY = "accuracy";
    public static final String WEIGHTED = "weighted-prf";
    public static final String AUC = "auc";
    public static final String PAPER_AUC = "paper-auc";
    public static final String CONFUSION = "confusion";
    public static final String CALIBRATION = "calibration";
    public static final String DELONG = "delong";

    private Evaluators() {
    }

    private static void check(Task task, int[] truth, double[][] p) {
        if (truth.length != p.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + p.length + " probability rows");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("no studies");
        }
        for (int i = 0; i < truth.length; i++) {
            if (p[i].length != task.classes()) {
                throw new IllegalArgumentException("row " + i + " has " + p[i].length + " probabilities, task "
                        + task.name() + " has " + task.classes() + " classes");
            }
            if (truth[i] < 0 || truth[i] >= task.classes()) {
                throw new IllegalArgumentException("label " + truth[i] + " of row " + i + " outside 0.."
                        + (task.classes() - 1));
            }
        }
    }

    /** {@code accuracy} of the argmax, with a bootstrap interval. */
    public static Evaluator accuracy(BootstrapSettings b) {
        return (task, truth, p) -> {
            check(task, truth, p);
            Bootstrap.Statistic s = (t, q) -> Classification.accuracy(t, Classification.argmax(q));
            return List.of(b.metric("accuracy", s.compute(truth, p), truth, p, s));
        };
    }

    /** {@code precision-weighted}, {@code recall-weighted}, {@code f1-weighted}, with bootstrap intervals. */
    public static Evaluator weighted(BootstrapSettings b) {
        return (task, truth, p) -> {
            check(task, truth, p);
            List<Metric> out = new ArrayList<>();
            String[] names = { "precision-weighted", "recall-weighted", "f1-weighted" };
            for (int m = 0; m < 3; m++) {
                int which = m;
                Bootstrap.Statistic s = (t, q) -> Classification.weighted(t, Classification.argmax(q),
                        task.classes())[which];
                out.add(b.metric(names[m], s.compute(truth, p), truth, p, s));
            }
            return out;
        };
    }

    /**
     * {@code auc}: exact (Mann–Whitney, ties ½) AUC with a bootstrap interval: class 1 vs 0 for binary tasks,
     * mean of one-vs-rest AUCs for multiclass tasks (then also {@code auc-class-k}).
     */
    public static Evaluator auc(BootstrapSettings b) {
        return (task, truth, p) -> {
            check(task, truth, p);
            List<Metric> out = new ArrayList<>();
            Bootstrap.Statistic s = Auc::exactTask;
            out.add(b.metric("auc", s.compute(truth, p), truth, p, s));
            if (task.classes() > 2) {
                for (int k = 0; k < task.classes(); k++) {
                    out.add(Metric.of("auc-class-" + k, Auc.exact(truth, p, k)));
                }
            }
            return out;
        };
    }

    /**
     * The paper's interpolated AUC: {@code auc-paper} (mean over classes, with a bootstrap interval),
     * {@code auc-paper-std} (population std over classes) and {@code auc-paper-class-k}.
     */
    public static Evaluator paperAuc(BootstrapSettings b) {
        return (task, truth, p) -> {
            check(task, truth, p);
            List<Metric> out = new ArrayList<>();
            double[] per = Auc.paperPerClass(truth, p);
            double[] ms = Auc.meanStd(per);
            Bootstrap.Statistic s = (t, q) -> Auc.paper(t, q)[0];
            out.add(b.metric("auc-paper", ms[0], truth, p, s));
            out.add(Metric.of("auc-paper-std", ms[1]));
            for (int k = 0; k < per.length; k++) {
                out.add(Metric.of("auc-paper-class-" + k, per[k]));
            }
            return out;
        };
    }

    /** {@code confusion-true<i>-pred<j>}: counts of the argmax confusion matrix. */
    public static Evaluator confusion() {
        return (task, truth, p) -> {
            check(task, truth, p);
            long[][] m = Classification.confusion(truth, Classification.argmax(p), task.classes());
            List<Metric> out = new ArrayList<>();
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < m.length; j++) {
                    out.add(Metric.of("confusion-true" + i + "-pred" + j, m[i][j]));
                }
            }
            return out;
        };
    }

    /** {@code brier} (with a bootstrap interval) and {@code ece} (10 bins). */
    public static Evaluator calibration(BootstrapSettings b) {
        return (task, truth, p) -> {
            check(task, truth, p);
            Bootstrap.Statistic s = Calibration::brier;
            return List.of(b.metric("brier", s.compute(truth, p), truth, p, s),
                    Metric.of("ece", Calibration.reliability(truth, p, 10).ece()));
        };
    }

    /** DeLong's test of exact AUCs: class 1 for binary tasks, each class one-vs-rest for multiclass tasks. */
    public static ModelComparator delong() {
        return (task, truth, pa, pb) -> {
            check(task, truth, pa);
            check(task, truth, pb);
            List<Comparison> out = new ArrayList<>();
            if (task.classes() == 2) {
                DeLong.Result r = DeLong.test(Auc.oneVsRest(truth, 1), Auc.column(pa, 1), Auc.column(pb, 1));
                out.add(new Comparison("auc", r.aucA(), r.aucB(), r.z(), r.p()));
            } else {
                for (int k = 0; k < task.classes(); k++) {
                    DeLong.Result r = DeLong.test(Auc.oneVsRest(truth, k), Auc.column(pa, k), Auc.column(pb, k));
                    out.add(new Comparison("auc[class=" + k + "]", r.aucA(), r.aucB(), r.z(), r.p()));
                }
                DeLong.Result r = DeLong.testMacro(truth, pa, pb);
                out.add(new Comparison("auc[macro]", r.aucA(), r.aucB(), r.z(), r.p()));
            }
            return out;
        };
    }

    /** Every evaluator by name, in report order. */
    public static Map<String, Evaluator> all(BootstrapSettings b) {
        Map<String, Evaluator> m = new java.util.LinkedHashMap<>();
        m.put(ACCURACY, accuracy(b));
        m.put(WEIGHTED, weighted(b));
        m.put(AUC, auc(b));
        m.put(PAPER_AUC, paperAuc(b));
        m.put(CALIBRATION, calibration(b));
        m.put(CONFUSION, confusion());
        return m;
    }
}
