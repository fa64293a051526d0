package org.covidmtl.volume.io.fuzz;

/** How a reader answered one malformed input; the first two are the contract, the others are failures. */
enum Outcome {
    VOLUME("volume", true),
    TYPED_ERROR("typed error", true),
    UNNAMED_ERROR("typed, file not named", false),
    UNTYPED("untyped exception", false),
    OOM("OutOfMemoryError", false),
    OVER_TIME("over time bound", false),
    PRINTED("printed to terminal", false),
    BOMB_READ("bomb read as volume", false);

    final String label;
    final boolean ok;

    Outcome(String label, boolean ok) {
        this.label = label;
        this.ok = ok;
    }
}
