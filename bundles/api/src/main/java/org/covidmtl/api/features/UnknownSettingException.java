package org.covidmtl.api.features;

/** A setting, image type or feature class name that does not exist. */
public class UnknownSettingException extends InvalidSettingException {
    private static final long serialVersionUID = 1L;

    public UnknownSettingException(String setting, String problem) {
        super(setting, problem);
    }
}
