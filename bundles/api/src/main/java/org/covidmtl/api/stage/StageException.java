package org.covidmtl.api.stage;

/**
 * The typed error of every stage: it names the input (a file, a row, a study, a setting) and what is
 * wrong with it. Stages never swallow bad input; callers (a batch, the shell) report it and go on.
 */
public class StageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String input;
    private final String problem;

    public StageException(String input, String problem) {
        this(input, problem, null);
    }

    public StageException(String input, String problem, Throwable cause) {
        super(input + ": " + problem, cause);
        this.input = input;
        this.problem = problem;
    }

    /** The input at fault: a path, a path with a row, a study id, a setting. */
    public String input() {
        return input;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }
}
