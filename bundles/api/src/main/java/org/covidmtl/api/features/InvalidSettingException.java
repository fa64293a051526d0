package org.covidmtl.api.features;

/** A setting with a value that is out of range, malformed, or not supported by the extractor; names the setting. */
public class InvalidSettingException extends FeatureExtractionException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String setting, String problem) {
        super(setting, problem);
    }

    public InvalidSettingException(String setting, String problem, Throwable cause) {
        super(setting, problem, cause);
    }
}
