package org.covidmtl.assessment;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where an assessment finds its settings and data.
 *
 * @param radiomicsParams the paper's parameter file ({@code config/radiomics/covid-mtl-375.yaml}), or {@code null}
 *        when it is not known (an assessment then fails naming what to set)
 * @param defaultModel the folder the default model is cached in ({@code ${covidmtl.home}/models/default-random-forest}),
 *        or {@code null} when there is none (then {@code --model} is needed)
 * @param shared the shared data folder ({@code covidmtl.shared}), holding {@code data/covid-mtl/}, or {@code null}
 * @param defaultModelParameters parameters of the default model besides the factory's defaults (production: none
 *        but {@code threads}; tests: fewer trees)
 * @param version this tool's version (recorded in assessment.json)
 */
public record AssessmentConfig(Path radiomicsParams, Path defaultModel, Path shared,
        Map<String, String> defaultModelParameters, String version) {

    /** The default model's factory, seed and training split. */
    public static final String DEFAULT_MODEL_FACTORY = "random-forest";
    public static final long DEFAULT_MODEL_SEED = 11;
    /** The sub-folder of the shared folder that holds the paper's cohort. */
    public static final String COHORT_FOLDER = "data/covid-mtl";

    public AssessmentConfig {
        defaultModelParameters = Map.copyOf(defaultModelParameters);
        version = version == null ? "dev" : version;
    }

    /**
     * The distribution's layout: {@code <home>/config/radiomics/covid-mtl-375.yaml} and
     * {@code <home>/models/default-random-forest}.
     */
    public static AssessmentConfig distribution(Path home, Path shared, String version) {
        return new AssessmentConfig(home == null ? null : home.resolve("config/radiomics/covid-mtl-375.yaml"),
                home == null ? null : home.resolve("models/default-random-forest"), shared, Map.of(), version);
    }

    /** {@link #distribution} from the launcher's system properties {@code covidmtl.home} and {@code covidmtl.shared}. */
    public static AssessmentConfig fromSystemProperties(String version) {
        String home = System.getProperty("covidmtl.home");
        String shared = System.getProperty("covidmtl.shared");
        return distribution(home == null || home.isBlank() ? null : Path.of(home),
                shared == null || shared.isBlank() ? null : Path.of(shared), version);
    }
}
