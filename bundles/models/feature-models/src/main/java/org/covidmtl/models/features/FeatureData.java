package org.covidmtl.models.features;

import java.util.ArrayList;
import java.util.List;

import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.stage.StageException;

/** Labels and ids of a cohort, checked. */
final class FeatureData {
    private FeatureData() {
    }

    /** The cohort's labels of {@code task}, -1 where unknown; a label outside the task's classes is an error. */
    static int[] labels(Cohort cohort, Task task) {
        int t = taskIndex(cohort, task);
        int[] y = cohort.labels(t);
        for (int i = 0; i < y.length; i++) {
            if (y[i] < -1 || y[i] >= task.classes()) {
                throw new StageException("study " + cohort.cases().get(i).id(),
                        "label " + y[i] + " of task " + task.name() + " outside 0.." + (task.classes() - 1));
            }
        }
        return y;
    }

    static int taskIndex(Cohort cohort, Task task) {
        for (int t = 0; t < cohort.tasks().size(); t++) {
            Task ct = cohort.tasks().get(t);
            if (ct.name().equals(task.name())) {
                if (ct.classes() != task.classes()) {
                    throw new StageException("cohort " + cohort.name(), "task " + task.name() + " has "
                            + ct.classes() + " classes, the model expects " + task.classes());
                }
                return t;
            }
        }
        throw new StageException("cohort " + cohort.name(), "has no task " + task.name());
    }

    static List<String> ids(Cohort cohort) {
        List<String> ids = new ArrayList<>(cohort.size());
        for (CaseRecord c : cohort.cases()) {
            ids.add(c.id());
        }
        return ids;
    }

    /** Rows with a known label (>= 0). */
    static int[] known(int[] y) {
        int n = 0;
        for (int v : y) {
            if (v >= 0) {
                n++;
            }
        }
        int[] rows = new int[n];
        n = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= 0) {
                rows[n++] = i;
            }
        }
        return rows;
    }
}
