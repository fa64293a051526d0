package org.covidmtl.models.volume;

/**
 * One (sample, channel) shift of a 5-D NCDHW tensor.
 *
 * @param axis      0, 1, 2 for D, H, W (NCDHW axis 2, 3, 4)
 * @param shift     k ≥ 0 slices
 * @param direction +1: content moves to higher indices ({@code torch.roll(x, +k)}); −1: to lower ones
 */
public record ChannelShift(int sample, int channel, int axis, int shift, int direction) {
    public ChannelShift {
        if (axis < 0 || axis > 2 || shift < 0 || (direction != 1 && direction != -1)) {
            throw new IllegalArgumentException("bad shift: axis " + axis + ", k " + shift + ", direction " + direction);
        }
    }

    /** The shift that undoes this one (the backward pass). */
    public ChannelShift inverse() {
        return new ChannelShift(sample, channel, axis, shift, -direction);
    }
}
