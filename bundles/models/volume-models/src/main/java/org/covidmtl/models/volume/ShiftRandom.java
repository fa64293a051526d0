package org.covidmtl.models.volume;

import java.util.SplittableRandom;

/**
 * The random source of {@link Shift3DSampler}, shaped as the reference draws its choices (Python's
 * {@code random.randint}, bounds inclusive), so that tests can script every choice.
 */
public interface ShiftRandom {

    /** A uniform integer in [lo, hi], both inclusive. */
    int randint(int lo, int hi);

    /** A standard normal draw (only the Gaussian shift distribution uses it). */
    double gaussian();

    /** A seeded pseudo-random source. */
    static ShiftRandom seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new ShiftRandom() {
            @Override
            public int randint(int lo, int hi) {
                return r.nextInt(lo, hi + 1);
            }

            @Override
            public double gaussian() {
                return r.nextGaussian();
            }
        };
    }
}
