package org.covidmtl.models.volume;

/**
 * Settings of the Shift3D augmentation (reference {@code Shift3DLayer}).
 *
 * @param chance            shift chance c; a sample (or the batch) is shifted with probability 1/⌊1/c⌋
 *                          (0.25 → 1/4); 0 disables the layer
 * @param maxShiftFraction  p: a channel shifts by at most ⌊p·size⌋ slices of the chosen axis
 * @param padding           false: wrap around ({@code torch.roll}); true: fill the vacated band with {@code padValue}
 * @param padValue          the fill value when padding
 * @param decayIterations   T &gt; 0: the chance decays as ½·c·(1 + cos(π·t/T)) over the first T calls, then 0
 * @param distribution      how the shift amount is drawn
 * @param batchShift        true: one draw decides for the whole batch; false: one draw per sample
 */
public record Shift3DConfig(double chance, double maxShiftFraction, boolean padding, double padValue,
        int decayIterations, ShiftDistribution distribution, boolean batchShift) {

    /** The reference model's settings: chance 0.25, p = 0.2, wrap-around, no decay, uniform, per sample. */
    public static final Shift3DConfig REFERENCE = new Shift3DConfig(0.25, 0.2, false, 0, 0,
            ShiftDistribution.UNIFORM, false);

    public Shift3DConfig {
        if (!(chance >= 0 && chance <= 1)) {
            throw new IllegalArgumentException("shift chance must be in [0, 1], is " + chance);
        }
        if (!(maxShiftFraction >= 0 && maxShiftFraction <= 1)) {
            throw new IllegalArgumentException("max shift fraction must be in [0, 1], is " + maxShiftFraction);
        }
        if (decayIterations < 0) {
            throw new IllegalArgumentException("decay iterations must be >= 0, is " + decayIterations);
        }
        if (distribution == null) {
            throw new IllegalArgumentException("shift distribution missing");
        }
    }

    public Shift3DConfig withChance(double c) {
        return new Shift3DConfig(c, maxShiftFraction, padding, padValue, decayIterations, distribution, batchShift);
    }

    public Shift3DConfig withMaxShiftFraction(double p) {
        return new Shift3DConfig(chance, p, padding, padValue, decayIterations, distribution, batchShift);
    }

    public Shift3DConfig withPadding(boolean pad, double value) {
        return new Shift3DConfig(chance, maxShiftFraction, pad, value, decayIterations, distribution, batchShift);
    }

    public Shift3DConfig withDecayIterations(int t) {
        return new Shift3DConfig(chance, maxShiftFraction, padding, padValue, t, distribution, batchShift);
    }

    public Shift3DConfig withDistribution(ShiftDistribution d) {
        return new Shift3DConfig(chance, maxShiftFraction, padding, padValue, decayIterations, d, batchShift);
    }

    public Shift3DConfig withBatchShift(boolean b) {
        return new Shift3DConfig(chance, maxShiftFraction, padding, padValue, decayIterations, distribution, b);
    }
}
