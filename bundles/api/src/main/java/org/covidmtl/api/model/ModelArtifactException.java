package org.covidmtl.api.model;

import org.covidmtl.api.stage.StageException;

/** A trained-model artifact that cannot be read or does not fit: {@code <file>: <problem>} on one line. */
public class ModelArtifactException extends StageException {
    private static final long serialVersionUID = 1L;

    public ModelArtifactException(String file, String problem) {
        super(file, problem);
    }

    public ModelArtifactException(String file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
