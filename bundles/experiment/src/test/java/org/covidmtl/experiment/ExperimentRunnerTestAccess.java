package org.covidmtl.experiment;

import java.nio.file.Path;

import org.covidmtl.api.model.ModelFactory;

/** Test helpers of this package for tests in sub-packages. */
public final class ExperimentRunnerTestAccess {
    private ExperimentRunnerTestAccess() {
    }

    public static Path shared() {
        return TestData.shared();
    }

    public static ModelFactory softmax() {
        return new SoftmaxMultitask();
    }
}
