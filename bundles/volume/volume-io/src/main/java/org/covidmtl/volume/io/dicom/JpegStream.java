package org.covidmtl.volume.io.dicom;

/**
 * What the JPEG-family decoders of this package share: the decoded image, and reading the marker-segment
 * bytes of one compressed frame with a truncation check that names the codec and the byte offset.
 */
abstract class JpegStream {
    /** Decoded samples (row-major) with the image size and sample precision in bits. */
    record Image(int width, int height, int precision, int[] samples) {
    }

    /** The compressed frame. */
    protected final byte[] d;
    /** The next byte to read. */
    protected int pos;
    private final String codec;

    protected JpegStream(byte[] data, String codec) {
        this.d = data;
        this.codec = codec;
    }

    protected final int u8() {
        if (pos >= d.length) {
            throw new IllegalArgumentException(codec + " stream truncated at byte " + pos);
        }
        return d[pos++] & 0xff;
    }

    protected final int u16() {
        return (u8() << 8) | u8();
    }
}
