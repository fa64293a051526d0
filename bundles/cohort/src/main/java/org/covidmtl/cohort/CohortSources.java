package org.covidmtl.cohort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a cohort is read from.
 *
 * @param labels cohort.csv: one row per study, key {@code PID}, the label columns and attributes
 * @param features radiomics.csv: key {@code PID} then one column per feature; {@code null} for none
 * @param clinical ClinicalFeatures.xlsx (lab values by PID, attributes {@code lab:<sheet>:<name>}); {@code null} for none
 * @param trainSplit PIDs of the training split, one per line
 * @param testSplit PIDs of the test split, one per line
 */
public record CohortSources(Path labels, Path features, Path clinical, Path trainSplit, Path testSplit) {

    /** The paper's files under {@code dataDir} (the {@code covid-mtl} data folder): split seed 11, no clinical table. */
    public static CohortSources paper(Path dataDir) {
        return new CohortSources(dataDir.resolve("cohort.csv"), dataDir.resolve("radiomics.csv"), null,
                dataDir.resolve("split-seed11-train.txt"), dataDir.resolve("split-seed11-test.txt"));
    }

    public CohortSources withClinical(Path clinicalFile) {
        return new CohortSources(labels, features, clinicalFile, trainSplit, testSplit);
    }

    /** Every file that is set, in a fixed order (for provenance checksums). */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (Path p : new Path[] { labels, features, clinical, trainSplit, testSplit }) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }
}
