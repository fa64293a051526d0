package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Replays forced {@code randint} answers, checking that each call asks for the range the script expects. */
final class ScriptedRandom implements ShiftRandom {

    /** One call: the range [lo, hi] the caller must request and the value returned. */
    record Call(int lo, int hi, int value) {
    }

    private final List<Call> calls;
    private int next;

    ScriptedRandom(List<Call> calls) {
        this.calls = calls;
    }

    @Override
    public int randint(int lo, int hi) {
        assertTrue(next < calls.size(), "more random calls than scripted (" + calls.size() + ")");
        Call c = calls.get(next++);
        assertEquals(c.lo() + ".." + c.hi(), lo + ".." + hi, "range of random call " + next);
        return c.value();
    }

    @Override
    public double gaussian() {
        throw new AssertionError("no Gaussian draw scripted");
    }

    int used() {
        return next;
    }
}
