package org.covidmtl.models.volume;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws the shifts of one training forward pass, call for call as the reference {@code Shift3DLayer}:
 * per sample (or once per batch) {@code randint(1, ⌊1/c⌋) == 1} decides, then each channel draws its
 * axis {@code randint(0, 2)}, its amount {@code randint(0, ⌊p·size⌋)} and its direction
 * ({@code randint(0, 1) > 0} → −1, else +1).
 * <p>
 * Fixed against the reference: ⌊1/c⌋ = 1 (c &gt; 0.5) shifts every time instead of never.
 */
public final class Shift3DSampler {

    private final Shift3DConfig config;
    private ShiftRandom random;
    private long iteration;

    public Shift3DSampler(Shift3DConfig config, ShiftRandom random) {
        this.config = config;
        this.random = random;
    }

    public Shift3DConfig config() {
        return config;
    }

    /** Replaces the random source (tests script it). */
    public void random(ShiftRandom r) {
        this.random = r;
    }

    /** Calls so far that counted towards the decay. */
    public long iteration() {
        return iteration;
    }

    /** Sets the decay counter (resuming a training run from a checkpoint). */
    public void iteration(long i) {
        if (i < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, is " + i);
        }
        this.iteration = i;
    }

    /** The chance of this call; with decay it advances the schedule as the reference's {@code get_chance}. */
    double nextChance() {
        double c = config.chance();
        if (c <= 0) {
            return 0;
        }
        int t = config.decayIterations();
        if (t <= 0) {
            return c;
        }
        if (iteration > t) {
            return 0;
        }
        double decayed = 0.5 * c * (Math.cos(Math.PI * iteration / t) + 1);
        iteration++;
        return decayed;
    }

    /** The shifts for a tensor of shape [N, C, D, H, W]; empty when nothing shifts. */
    public List<ChannelShift> draw(long[] shape) {
        if (shape.length != 5) {
            throw new IllegalArgumentException("Shift3D needs a 5-D NCDHW tensor, got rank " + shape.length);
        }
        double chance = nextChance();
        if (chance <= 0) {
            return List.of();
        }
        int delta = (int) Math.min(Integer.MAX_VALUE, Math.floor(1.0 / chance));
        List<ChannelShift> plan = new ArrayList<>();
        int n = (int) shape[0];
        int channels = (int) shape[1];
        if (config.batchShift()) {
            if (selected(delta)) {
                for (int s = 0; s < n; s++) {
                    drawChannels(s, channels, shape, plan);
                }
            }
        } else {
            for (int s = 0; s < n; s++) {
                if (selected(delta)) {
                    drawChannels(s, channels, shape, plan);
                }
            }
        }
        return plan;
    }

    private boolean selected(int delta) {
        return delta <= 1 || random.randint(1, delta) == 1;
    }

    private void drawChannels(int sample, int channels, long[] shape, List<ChannelShift> plan) {
        for (int c = 0; c < channels; c++) {
            int axis = random.randint(0, 2);
            int max = (int) (config.maxShiftFraction() * shape[2 + axis]);
            int k = switch (config.distribution()) {
                case UNIFORM -> random.randint(0, max);
                case GAUSSIAN -> (int) Math.min(max, Math.round(Math.abs(random.gaussian()) * max / 2.0));
            };
            int direction = random.randint(0, 1) > 0 ? -1 : 1;
            plan.add(new ChannelShift(sample, c, axis, k, direction));
        }
    }
}
