package org.covidmtl.cohort;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.covidmtl.api.cohort.MinMaxScaler;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.DataValidationException;

/**
 * A cohort split into training and test studies, features scaled as {@link #scaling()} says.
 *
 * @param full the whole cohort, unscaled
 * @param train training studies, scaled
 * @param test test studies, scaled
 * @param scaling which rows the scaler was fitted on
 * @param scaler the fitted scaler, {@code null} for {@link Scaling#NONE}
 */
public record CohortSplit(Cohort full, Cohort train, Cohort test, Scaling scaling, MinMaxScaler scaler) {

    /**
     * Splits {@code full} by the id lists and scales. The lists must be disjoint, free of duplicates and
     * name only studies of the cohort.
     *
     * @param source names the split in errors (e.g. the split files)
     */
    public static CohortSplit of(Cohort full, List<String> trainIds, List<String> testIds, Scaling scaling,
            String source) {
        Set<String> known = new HashSet<>();
        full.cases().forEach(c -> known.add(c.id()));
        check(trainIds, known, source + " (train)");
        check(testIds, known, source + " (test)");
        Set<String> overlap = new HashSet<>(trainIds);
        overlap.retainAll(new HashSet<>(testIds));
        if (!overlap.isEmpty()) {
            throw new DataValidationException(source, overlap.size() + " PIDs are in both train and test, e.g. "
                    + overlap.iterator().next());
        }
        Cohort train = full.subset(full.name() + "/train", trainIds);
        Cohort test = full.subset(full.name() + "/test", testIds);
        MinMaxScaler scaler = switch (scaling) {
            case TRAIN -> MinMaxScaler.fit(train);
            case REFERENCE -> MinMaxScaler.fit(full);
            case NONE -> null;
        };
        if (scaler != null) {
            train = scaler.transform(train);
            test = scaler.transform(test);
        }
        return new CohortSplit(full, train, test, scaling, scaler);
    }

    private static void check(List<String> ids, Set<String> known, String source) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (!seen.add(id)) {
                throw new DataValidationException(source + " entry " + (i + 1), "duplicate PID " + id);
            }
            if (!known.contains(id)) {
                throw new DataValidationException(source + " entry " + (i + 1), "PID " + id + " is not in the cohort");
            }
        }
    }
}
