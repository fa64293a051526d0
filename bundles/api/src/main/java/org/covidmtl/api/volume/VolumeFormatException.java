package org.covidmtl.api.volume;

import org.covidmtl.api.stage.StageException;

/** A volume file or series that cannot be read as it stands: corrupt, truncated, inconsistent, unsupported. */
public class VolumeFormatException extends StageException {
    private static final long serialVersionUID = 1L;

    public VolumeFormatException(String input, String problem) {
        super(input, problem);
    }

    public VolumeFormatException(String input, String problem, Throwable cause) {
        super(input, problem, cause);
    }
}
