package org.covidmtl.models.volume;

/** How {@link Shift3DSampler} draws a channel's shift amount k in [0, k<sub>max</sub>], k<sub>max</sub> = ⌊p·size⌋. */
public enum ShiftDistribution {
    /** k uniform over 0..k<sub>max</sub> inclusive, as the reference ({@code random.randint(0, kmax)}). */
    UNIFORM,
    /**
     * Not in the reference: k = min(k<sub>max</sub>, round(|z|·k<sub>max</sub>/2)), z standard normal, i.e. a
     * half-normal with σ = k<sub>max</sub>/2 (small shifts more likely; about 95 % of draws below k<sub>max</sub>).
     */
    GAUSSIAN
}
