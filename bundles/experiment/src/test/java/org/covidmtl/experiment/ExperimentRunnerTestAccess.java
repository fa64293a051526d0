package org.covidmtl.experiment;

import java.nio.file.Path;

/** Test helpers of this package for tests in sub-packages. */
public final class ExperimentRunnerTestAccess {
    private ExperimentRunnerTestAccess() {
    }

    public static Path shared() {
        return TestData.shared();
    }
}
