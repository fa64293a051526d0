package org.covidmtl.volume.io.dicom;

import java.nio.file.Path;

import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.volume.io.Limits;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;

/** Decodes the pixel data of one DICOM file (any transfer syntax PixelMed and the registered codecs handle). */
final class PixelDecoder {
    private PixelDecoder() {
    }

    /**
     * The pixel data of one file: either {@code values}, the stored values of every frame (bits-stored masked,
     * sign-extended when signed), or, for native 16-bit data, {@code raw16}: the frames' 16-bit words as
     * stored, one after the other (masking and sign extension left to the caller's lookup table). A
     * {@code raw16} buffer may be this thread's scratch buffer: it is valid until the thread's next decode.
     */
    record Decoded(String transferSyntax, int rows, int cols, int frames, int[][] values, java.nio.ShortBuffer raw16, Integer padding,
            Integer paddingLimit, int bitsStored, boolean signed) {
        int[] frame(int f) {
            return values[f];
        }
    }

    /** Transfer syntaxes decoded here rather than by PixelMed's ImageIO path: JPEG-LS lossless and near-lossless. */
    static final java.util.Set<String> OWN_CODEC = java.util.Set.of("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
            "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.53", "1.2.840.10008.1.2.4.55");
    static final java.util.Set<String> JPEG_LS = java.util.Set.of("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81");

    private static void decodeOwn(String name, String ts, Attribute pd, PixelModule h, int[][] out) {
        int frames = h.frames();
        byte[][] fragments;
        try {
            if (pd instanceof com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames m) {
                fragments = m.getFrames();
            } else {
                fragments = new byte[][] {pd.getByteValues()};
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new VolumeFormatException(name, "cannot read compressed frames: " + e.getMessage(), e);
        }
        if (fragments == null || fragments.length < frames) {
            // PixelMed does not know every (retired) JPEG transfer syntax: parse the encapsulated items ourselves
            fragments = Encapsulated.frames(java.nio.file.Path.of(name), frames);
        }
        if (fragments == null || fragments.length < frames) {
            throw new VolumeFormatException(name, "compressed pixel data has " + (fragments == null ? 0 : fragments.length) + " frames, need " + frames);
        }
        String codec = JPEG_LS.contains(ts) ? "JPEG-LS" : "JPEG";
        for (int f = 0; f < frames; f++) {
            JpegStream.Image img;
            try {
                img = JPEG_LS.contains(ts) ? JpegLsDecoder.decode(fragments[f]) : JpegDctDecoder.decode(fragments[f]);
            } catch (RuntimeException | Error e) {
                throw failure(name, "cannot decode " + codec + " frame " + f, e);
            }
            if (img.width() != h.cols() || img.height() != h.rows()) {
                throw new VolumeFormatException(name, codec + " frame " + f + " is " + img.width() + "x" + img.height() + ", header says "
                        + h.cols() + "x" + h.rows());
            }
            out[f] = img.samples();
        }
    }

    /** Native (uncompressed) little-endian transfer syntaxes, whose pixel data we read straight from the file. */
    static final java.util.Set<String> NATIVE_LITTLE_ENDIAN = java.util.Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1");

    /**
     * Decodes one scanned file: its header checked against its pixel data ({@link PixelModule}), every compressed
     * frame's own header against the data set ({@link FrameHeader}), the memory the decode holds against the free heap;
     * then the pixel data read straight from the file (native 16-bit) or by PixelMed and the codecs, with their console
     * output dropped ({@link Mute}) and whatever they throw, {@code Error}s included, a typed error naming the file.
     *
     * @param ts the transfer syntax from the scan
     * @param header the scan's header read (up to Pixel Data)
     * @param headerStop where that read stopped, as PixelMed returned it
     * @param facts the scan's structural walk of the file
     */
    static Decoded decode(Path p, String ts, AttributeList header, long headerStop, DicomPreflight.Facts facts) {
        Dicom.registerCodecs();
        String name = p.toString();
        PixelModule h = PixelModule.of(name, header, facts);
        h.checkDecodable(name);
        Limits.checkMemory(name, h.samples(), Limits.product(name, "samples × bytes", h.samples(), 4 + Math.max(2, h.bitsAllocated() / 8)));
        if (facts.encapsulated()) {
            FrameHeader.check(p, ts, facts.fragments(), h);
        }
        if (NATIVE_LITTLE_ENDIAN.contains(ts) && facts.pixelDataLength() >= 0) {
            Decoded d = decodeNative(p, ts, h, headerStop);
            if (d != null) {
                return d;
            }
        }
        boolean own = OWN_CODEC.contains(ts);
        AttributeList l = new AttributeList();
        try {
            Mute.call(() -> {
                if (own) {
                    l.setDecompressPixelData(false);
                }
                return l.read(p.toFile());
            });
        } catch (Exception | Error e) {
            throw failure(name, "cannot decode", e);
        }
        Attribute pd = l.getPixelData();
        if (pd == null) {
            throw new VolumeFormatException(name, "no pixel data (absent, or the file is truncated)" + (ts.isEmpty() ? "" : "; transfer syntax " + ts));
        }
        int frames = h.frames();
        int plane = h.plane();
        int bitsStored = h.bitsStored();
        boolean signed = h.signed();
        int[][] out = new int[frames][plane];
        if (own) {
            decodeOwn(name, ts, pd, h, out);
            for (int[] fr : out) {
                for (int i = 0; i < plane; i++) {
                    fr[i] = stored(fr[i], bitsStored, signed);
                }
            }
        } else {
            bitsStored = values(name, pd, h, out);
        }
        return new Decoded(ts, h.rows(), h.cols(), frames, out, null, h.padding(), h.paddingLimit(), bitsStored, signed);
    }

    /** The stored values PixelMed decoded into {@code out}; returns the bits stored that remain meaningful. */
    private static int values(String name, Attribute pd, PixelModule h, int[][] out) {
        int frames = h.frames();
        int plane = h.plane();
        long need = h.samples();
        int bitsAllocated = h.bitsAllocated();
        try {
            if (pd instanceof OtherByteAttribute || bitsAllocated == 8) {
                byte[] b = pd.getByteValues();
                if (b == null || b.length < need) {
                    throw new VolumeFormatException(name, "truncated pixel data: " + (b == null ? 0 : b.length) + " of " + need + " bytes");
                }
                boolean s8 = h.signed() && bitsAllocated == 8;
                for (int f = 0; f < frames; f++) {
                    for (int i = 0; i < plane; i++) {
                        int v = b[f * plane + i];
                        out[f][i] = s8 ? v : v & 0xff;
                    }
                }
                return Math.min(h.bitsStored(), 8);
            }
            if (bitsAllocated == 16) {
                short[] s = pd.getShortValues();
                if (s == null || s.length < need) {
                    throw new VolumeFormatException(name, "truncated pixel data: " + (s == null ? 0 : 2L * s.length) + " of " + 2 * need + " bytes");
                }
                unpack16(s, h.bitsStored(), h.signed(), out, plane);
                return h.bitsStored();
            }
            int[] s = pd.getIntegerValues();
            if (s == null || s.length < need) {
                throw new VolumeFormatException(name, "truncated pixel data");
            }
            for (int f = 0; f < frames; f++) {
                System.arraycopy(s, f * plane, out[f], 0, plane);
            }
            return h.bitsStored();
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            if (e instanceof VolumeFormatException v) {
                throw v;
            }
            throw new VolumeFormatException(name, "cannot decode pixel data: " + e.getMessage(), e);
        }
    }

    /** A typed error naming the file for what PixelMed or a codec threw, errors included. */
    static VolumeFormatException failure(String name, String what, Throwable e) {
        if (e instanceof VolumeFormatException v) {
            return v;
        }
        if (e instanceof org.covidmtl.api.stage.CanceledException c) {
            throw c;
        }
        return new VolumeFormatException(name, what + ": " + Dicom.describe(e), e);
    }

    /** A stored sample → its value: the low {@code bitsStored} bits, sign-extended when {@code signed}. */
    static int stored(int word, int bitsStored, boolean signed) {
        if (bitsStored >= 32) {
            return word;
        }
        int v = word & ((1 << bitsStored) - 1);
        int shift = 32 - bitsStored;
        return signed ? (v << shift) >> shift : v;
    }

    /** Stored 16-bit samples → values ({@link #stored}). */
    private static void unpack16(short[] s, int bitsStored, boolean signed, int[][] out, int plane) {
        int bits = Math.min(bitsStored, 16);
        for (int f = 0; f < out.length; f++) {
            int[] o = out[f];
            int base = f * plane;
            for (int i = 0; i < plane; i++) {
                o[i] = stored(s[base + i] & 0xffff, bits, signed);
            }
        }
    }

    /**
     * Native little-endian 16-bit pixel data read straight from the file: PixelMed parses the header up to the
     * Pixel Data element and says where it stopped; the value is then read in one block. PixelMed's own pixel
     * path reads sample by sample and was most of the decode time. Returns {@code null} (the caller then lets
     * PixelMed read the whole file) for anything this path does not expect: not 16 bits allocated, a value
     * length other than the image size, undefined length.
     */
    private static Decoded decodeNative(Path p, String ts, PixelModule h, long stop) {
        String name = p.toString();
        if (h.bitsAllocated() != 16 || stop < 0) {
            return null;
        }
        long need = 2 * h.samples();
        boolean explicit = ts.equals("1.2.840.10008.1.2.1");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p)) {
            long size = ch.size();
            long tagAt = stop - 4; // PixelMed stops just past the tag
            int headerLength = explicit ? 12 : 8;
            if (tagAt < 0 || tagAt + headerLength > size) {
                throw new VolumeFormatException(name, "no pixel data (absent, or the file is truncated); transfer syntax " + ts);
            }
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(headerLength).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, tagAt);
            if (head.getShort(0) != (short) 0x7FE0 || head.getShort(2) != (short) 0x0010) {
                return null;
            }
            long length;
            if (explicit) {
                String vr = "" + (char) head.get(4) + (char) head.get(5);
                if (!vr.equals("OW") && !vr.equals("OB")) {
                    return null;
                }
                length = head.getInt(8) & 0xFFFFFFFFL;
            } else {
                length = head.getInt(4) & 0xFFFFFFFFL;
            }
            if (length == 0xFFFFFFFFL || (length != need && length != need + 1)) {
                return null;
            }
            long valueAt = tagAt + headerLength;
            if (size - valueAt < need) {
                throw new VolumeFormatException(name, "truncated pixel data: " + (size - valueAt) + " of " + need + " bytes");
            }
            if (need > Integer.MAX_VALUE - 8) {
                return null;
            }
            java.nio.ByteBuffer data = scratch((int) need);
            readFully(ch, data, valueAt);
            return new Decoded(ts, h.rows(), h.cols(), h.frames(), null, data.asShortBuffer(), h.padding(), h.paddingLimit(),
                    Math.min(h.bitsStored(), 16), h.signed());
        } catch (java.io.IOException e) {
            throw new VolumeFormatException(name, "cannot read pixel data: " + e.getMessage(), e);
        }
    }

    private static final int SCRATCH_LIMIT = 16 << 20;
    private static final ThreadLocal<java.nio.ByteBuffer> SCRATCH = new ThreadLocal<>();

    /**
     * A little-endian direct buffer of {@code bytes} bytes: this thread's reusable one (read into without a copy
     * through a temporary buffer, and no per-file allocation), or a fresh one above {@link #SCRATCH_LIMIT}.
     */
    private static java.nio.ByteBuffer scratch(int bytes) {
        if (bytes > SCRATCH_LIMIT) {
            return java.nio.ByteBuffer.allocateDirect(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        java.nio.ByteBuffer b = SCRATCH.get();
        if (b == null || b.capacity() < bytes) {
            b = java.nio.ByteBuffer.allocateDirect(Math.max(bytes, 1 << 19)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            SCRATCH.set(b);
        }
        b.clear().limit(bytes);
        return b;
    }

    private static void readFully(java.nio.channels.FileChannel ch, java.nio.ByteBuffer b, long at) throws java.io.IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) {
                throw new java.io.EOFException("end of file at byte " + pos);
            }
            pos += r;
        }
        b.flip();
    }
}
