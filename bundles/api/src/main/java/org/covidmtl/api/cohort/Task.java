package org.covidmtl.api.cohort;

/**
 * A classification task of the multitask problem.
 *
 * @param name short stable name, e.g. {@code covid-ct}
 * @param classes number of classes (2 for the diagnoses, 3 for severity)
 * @param description what the label means
 */
public record Task(String name, int classes, String description) {
    /** COVID-19 positive as read by radiologists from CT (cohort column {@code COVIDCT}). */
    public static final Task COVID_CT = new Task("covid-ct", 2, "COVID-19 by CT (radiologists)");
    /** COVID-19 positive by nucleic acid test (cohort column {@code COVIDNC}). */
    public static final Task COVID_NAT = new Task("covid-nat", 2, "COVID-19 by nucleic acid test");
    /** 0 control/suspected, 1 mild/regular, 2 severe/critically ill (cohort column {@code COVIDSeverity}). */
    public static final Task SEVERITY = new Task("severity", 3, "severity: control, mild/regular, severe/critical");

    public Task {
        if (classes < 2) {
            throw new IllegalArgumentException("task " + name + " needs at least 2 classes, has " + classes);
        }
    }
}
