package org.covidmtl.api.cohort;

import org.covidmtl.api.stage.StageException;

/** A table that does not hold what it must: missing or duplicate keys, wrong columns, NaN. */
public class DataValidationException extends StageException {
    private static final long serialVersionUID = 1L;

    public DataValidationException(String input, String problem) {
        super(input, problem);
    }

    public DataValidationException(String input, String problem, Throwable cause) {
        super(input, problem, cause);
    }
}
