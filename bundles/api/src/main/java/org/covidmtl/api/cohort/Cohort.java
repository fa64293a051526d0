package org.covidmtl.api.cohort;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Studies with labels for a list of tasks and an aligned feature table.
 *
 * @param name where it came from
 * @param tasks the tasks, in label order
 * @param featureNames the feature columns, in order
 * @param cases the studies
 */
public record Cohort(String name, List<Task> tasks, List<String> featureNames, List<CaseRecord> cases) {
    public Cohort {
        tasks = List.copyOf(tasks);
        featureNames = List.copyOf(featureNames);
        cases = List.copyOf(cases);
        for (CaseRecord c : cases) {
            if (c.labels().length != tasks.size()) {
                throw new IllegalArgumentException("study " + c.id() + " has " + c.labels().length + " labels for "
                        + tasks.size() + " tasks");
            }
            if (c.features().length != featureNames.size()) {
                throw new IllegalArgumentException("study " + c.id() + " has " + c.features().length
                        + " features for " + featureNames.size() + " columns");
            }
        }
    }

    public int size() {
        return cases.size();
    }

    public int taskIndex(String taskName) {
        for (int t = 0; t < tasks.size(); t++) {
            if (tasks.get(t).name().equals(taskName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("cohort " + name + " has no task " + taskName);
    }

    /** The studies with these ids, in the order given; an unknown id is an error. */
    public Cohort subset(String subsetName, Collection<String> ids) {
        Map<String, CaseRecord> byId = new HashMap<>();
        for (CaseRecord c : cases) {
            byId.put(c.id(), c);
        }
        List<CaseRecord> picked = new ArrayList<>(ids.size());
        for (String id : ids) {
            CaseRecord c = byId.get(id);
            if (c == null) {
                throw new IllegalArgumentException("cohort " + name + " has no study " + id);
            }
            picked.add(c);
        }
        return new Cohort(subsetName, tasks, featureNames, picked);
    }

    /** The labels of one task, in study order. */
    public int[] labels(int task) {
        int[] y = new int[cases.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = cases.get(i).label(task);
        }
        return y;
    }

    /** The feature matrix, one row per study. */
    public double[][] featureMatrix() {
        double[][] x = new double[cases.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = cases.get(i).features();
        }
        return x;
    }
}
