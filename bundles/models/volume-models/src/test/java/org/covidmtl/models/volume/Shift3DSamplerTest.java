package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The sampler's gating, decay schedule, batch mode and shift distributions. */
class Shift3DSamplerTest {

    private static final long[] SHAPE = {3, 4, 32, 40, 40};

    @Test
    void unselectedSampleMakesOneCallAndNoShift() {
        ScriptedRandom r = new ScriptedRandom(List.of(new ScriptedRandom.Call(1, 4, 2)));
        List<ChannelShift> plan = new Shift3DSampler(Shift3DConfig.REFERENCE, r).draw(new long[] {1, 4, 6, 7, 8});
        assertTrue(plan.isEmpty());
        assertEquals(1, r.used());
    }

    @Test
    void chanceOneShiftsEverySampleUnlikeTheReference() {
        Shift3DSampler s = new Shift3DSampler(Shift3DConfig.REFERENCE.withChance(1.0), ShiftRandom.seeded(1));
        List<ChannelShift> plan = s.draw(SHAPE);
        assertEquals(3 * 4, plan.size());
    }

    @Test
    void perSampleRateIsOneOverFloorOfInverseChance() {
        Shift3DSampler s = new Shift3DSampler(Shift3DConfig.REFERENCE.withChance(0.3), ShiftRandom.seeded(7));
        int shifted = 0;
        int trials = 20000;
        for (int i = 0; i < trials; i++) {
            shifted += s.draw(new long[] {1, 1, 32, 40, 40}).size();
        }
        assertEquals(1.0 / 3, (double) shifted / trials, 0.015); // ⌊1/0.3⌋ = 3
    }

    @Test
    void batchShiftDecidesOnceForTheWholeBatch() {
        Shift3DSampler s = new Shift3DSampler(Shift3DConfig.REFERENCE.withBatchShift(true), ShiftRandom.seeded(3));
        for (int i = 0; i < 200; i++) {
            int n = s.draw(SHAPE).size();
            assertTrue(n == 0 || n == 3 * 4, "all samples or none, got " + n + " shifted channels");
        }
    }

    @Test
    void decayFollowsTheCosineScheduleThenStops() {
        Shift3DSampler s = new Shift3DSampler(Shift3DConfig.REFERENCE.withChance(0.5).withDecayIterations(4),
                ShiftRandom.seeded(1));
        double[] expected = {0.5, 0.5 * 0.5 * (Math.cos(Math.PI / 4) + 1), 0.25, 0.5 * 0.5 * (Math.cos(3 * Math.PI / 4) + 1),
                0, 0, 0};
        for (double e : expected) {
            assertEquals(e, s.nextChance(), 1e-12);
        }
    }

    @Test
    void shiftsStayWithinBoundsForBothDistributions() {
        for (ShiftDistribution d : ShiftDistribution.values()) {
            Shift3DSampler s = new Shift3DSampler(Shift3DConfig.REFERENCE.withChance(1).withDistribution(d),
                    ShiftRandom.seeded(5));
            int[] seen = new int[9];
            for (int i = 0; i < 500; i++) {
                for (ChannelShift c : s.draw(SHAPE)) {
                    int max = (int) (0.2 * SHAPE[2 + c.axis()]); // 6 for D=32, 8 for H=W=40
                    assertTrue(c.shift() >= 0 && c.shift() <= max, d + ": k " + c.shift() + " > " + max);
                    seen[c.shift()]++;
                }
            }
            assertTrue(seen[0] > 0 && seen[6] > 0, d + ": both ends drawn");
            if (d == ShiftDistribution.GAUSSIAN) {
                assertTrue(seen[0] + seen[1] + seen[2] > seen[5] + seen[6] + seen[7] + seen[8], "half-normal favours small k");
            }
        }
    }
}
