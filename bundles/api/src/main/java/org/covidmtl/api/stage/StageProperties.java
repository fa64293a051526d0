package org.covidmtl.api.stage;

/**
 * Service properties every stage service carries. Consumers select providers with filters on these
 * properties (for example {@code (&(covidmtl.stage=loss)(covidmtl.name=random-weighted))}), never by
 * implementation class.
 */
public final class StageProperties {
    /** The stage a service implements: one of the {@code STAGE_*} constants. */
    public static final String STAGE = "covidmtl.stage";
    /** The provider's short, stable name within its stage, e.g. {@code random-weighted}. */
    public static final String NAME = "covidmtl.name";
    /** One line saying what the provider does. */
    public static final String DESCRIPTION = "covidmtl.description";
    /** Model zoo: the model family, e.g. {@code fnn-mtl}, {@code shiftnet3d}. */
    public static final String MODEL = "covidmtl.model";
    /** Tasks a provider covers, e.g. {@code covid-ct}, {@code severity}. */
    public static final String TASK = "covidmtl.task";
    /** File formats a volume reader or writer handles, e.g. {@code nifti}, {@code dicom}. */
    public static final String FORMAT = "covidmtl.format";

    public static final String STAGE_VOLUME_READER = "volume-reader";
    public static final String STAGE_VOLUME_WRITER = "volume-writer";
    public static final String STAGE_SEGMENTER = "segmenter";
    public static final String STAGE_FEATURE_EXTRACTOR = "feature-extractor";
    public static final String STAGE_MODEL = "model";
    public static final String STAGE_LOSS = "loss";
    public static final String STAGE_EVALUATOR = "evaluator";
    public static final String STAGE_BACKEND = "backend";

    /** The persistent identity of the configuration that records each stage's default provider. */
    public static final String DEFAULTS_PID = "org.covidmtl.stages";

    private StageProperties() {
    }
}
