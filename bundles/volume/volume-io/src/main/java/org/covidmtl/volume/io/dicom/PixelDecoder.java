package org.covidmtl.volume.io.dicom;

import java.nio.file.Path;

import org.covidmtl.api.volume.VolumeFormatException;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;

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

    private static void decodeOwn(String name, String ts, Attribute pd, int rows, int cols, int frames, int[][] out) {
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
        for (int f = 0; f < frames; f++) {
            int w;
            int h;
            int[] samples;
            String codec = JPEG_LS.contains(ts) ? "JPEG-LS" : "JPEG";
            try {
                if (JPEG_LS.contains(ts)) {
                    JpegStream.Image img = JpegLsDecoder.decode(fragments[f]);
                    w = img.width();
                    h = img.height();
                    samples = img.samples();
                } else {
                    JpegStream.Image img = JpegDctDecoder.decode(fragments[f]);
                    w = img.width();
                    h = img.height();
                    samples = img.samples();
                }
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new VolumeFormatException(name, "cannot decode " + codec + " frame " + f + ": " + e.getMessage(), e);
            }
            if (w != cols || h != rows) {
                throw new VolumeFormatException(name, codec + " frame " + f + " is " + w + "x" + h + ", header says " + cols + "x" + rows);
            }
            out[f] = samples;
        }
    }

    static Decoded decode(Path p) {
        return decode(p, "");
    }

    /** Native (uncompressed) little-endian transfer syntaxes, whose pixel data we read straight from the file. */
    static final java.util.Set<String> NATIVE_LITTLE_ENDIAN = java.util.Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1");

    /** The image pixel module of a data set, checked. */
    private record Header(int rows, int cols, int frames, int bitsAllocated, int bitsStored, boolean signed, Integer padding,
            Integer paddingLimit) {
        static Header of(String name, AttributeList l) {
            int rows = Dicom.integer(l, TagFromName.Rows, 0);
            int cols = Dicom.integer(l, TagFromName.Columns, 0);
            int frames = Math.max(1, Dicom.integer(l, TagFromName.NumberOfFrames, 1));
            int spp = Dicom.integer(l, TagFromName.SamplesPerPixel, 1);
            int bitsAllocated = Dicom.integer(l, TagFromName.BitsAllocated, 16);
            int bitsStored = Dicom.integer(l, TagFromName.BitsStored, bitsAllocated);
            boolean signed = Dicom.integer(l, TagFromName.PixelRepresentation, 0) == 1;
            String pi = Dicom.str(l, TagFromName.PhotometricInterpretation);
            if (rows <= 0 || cols <= 0) {
                throw new VolumeFormatException(name, "bad image size " + cols + "x" + rows);
            }
            if (spp != 1 || !(pi.isEmpty() || pi.startsWith("MONOCHROME"))) {
                throw new VolumeFormatException(name, "colour images are not supported (" + pi + ", " + spp + " samples per pixel)");
            }
            Integer padding = null;
            Integer limit = null;
            if (DicomSeriesReader.has(l, TagFromName.PixelPaddingValue)) {
                padding = padValue(l, TagFromName.PixelPaddingValue, signed, bitsStored);
                if (DicomSeriesReader.has(l, TagFromName.PixelPaddingRangeLimit)) {
                    limit = padValue(l, TagFromName.PixelPaddingRangeLimit, signed, bitsStored);
                }
            }
            return new Header(rows, cols, frames, bitsAllocated, bitsStored, signed, padding, limit);
        }

        long samples() {
            return (long) rows * cols * frames;
        }
    }

    static Decoded decode(Path p, String knownTs) {
        return decode(p, knownTs, null, -1);
    }

    /**
     * @param knownTs the transfer syntax from an earlier header read, or "" to read it here
     * @param header that earlier read (up to Pixel Data), or {@code null}
     * @param headerStop where that read stopped, as PixelMed returned it, or −1
     */
    static Decoded decode(Path p, String knownTs, AttributeList header, long headerStop) {
        Dicom.registerCodecs();
        String name = p.toString();
        String ts;
        try {
            if (knownTs == null || knownTs.isEmpty()) {
                AttributeList meta = new AttributeList();
                meta.readOnlyMetaInformationHeader(p.toFile());
                ts = Dicom.str(meta, TagFromName.TransferSyntaxUID);
            } else {
                ts = knownTs;
            }
        } catch (Exception | LinkageError e) {
            throw new VolumeFormatException(name, "cannot decode: " + e.getMessage(), e);
        }
        if (NATIVE_LITTLE_ENDIAN.contains(ts)) {
            Decoded d = decodeNative(p, ts, header, headerStop);
            if (d != null) {
                return d;
            }
        }
        AttributeList l = new AttributeList();
        boolean own = OWN_CODEC.contains(ts);
        try {
            if (own) {
                l.setDecompressPixelData(false);
            }
            l.read(p.toFile());
        } catch (Exception | LinkageError e) {
            throw new VolumeFormatException(name, "cannot decode: " + e.getMessage(), e);
        }
        if (ts.isEmpty()) {
            ts = Dicom.str(l, TagFromName.TransferSyntaxUID);
        }
        Attribute pd = l.getPixelData();
        if (pd == null) {
            throw new VolumeFormatException(name, "no pixel data (absent, or the file is truncated)" + (ts.isEmpty() ? "" : "; transfer syntax " + ts));
        }
        Header h = Header.of(name, l);
        int rows = h.rows();
        int cols = h.cols();
        int frames = h.frames();
        int bitsAllocated = h.bitsAllocated();
        int bitsStored = h.bitsStored();
        boolean signed = h.signed();
        int plane = rows * cols;
        long need = h.samples();
        int[][] out = new int[frames][plane];
        if (own) {
            decodeOwn(name, ts, pd, rows, cols, frames, out);
            for (int[] fr : out) {
                for (int i = 0; i < plane; i++) {
                    fr[i] = stored(fr[i], bitsStored, signed);
                }
            }
        } else try {
            if (pd instanceof OtherByteAttribute || bitsAllocated == 8) {
                byte[] b = pd.getByteValues();
                if (b == null || b.length < need) {
                    throw new VolumeFormatException(name, "truncated pixel data: " + (b == null ? 0 : b.length) + " of " + need + " bytes");
                }
                boolean s8 = signed && bitsAllocated == 8;
                for (int f = 0; f < frames; f++) {
                    for (int i = 0; i < plane; i++) {
                        int v = b[f * plane + i];
                        out[f][i] = s8 ? v : v & 0xff;
                    }
                }
                bitsStored = Math.min(bitsStored, 8);
            } else if (bitsAllocated == 16) {
                short[] s = pd.getShortValues();
                if (s == null || s.length < need) {
                    throw new VolumeFormatException(name, "truncated pixel data: " + (s == null ? 0 : 2L * s.length) + " of " + 2 * need + " bytes");
                }
                unpack16(s, bitsStored, signed, out, plane);
            } else if (bitsAllocated == 32) {
                int[] s = pd.getIntegerValues();
                if (s == null || s.length < need) {
                    throw new VolumeFormatException(name, "truncated pixel data");
                }
                for (int f = 0; f < frames; f++) {
                    System.arraycopy(s, f * plane, out[f], 0, plane);
                }
            } else {
                throw new VolumeFormatException(name, "unsupported BitsAllocated " + bitsAllocated);
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new VolumeFormatException(name, "cannot decode pixel data: " + e.getMessage(), e);
        }
        if (own) {
            bitsStored = Math.min(bitsStored, 32);
        }
        return new Decoded(ts, rows, cols, frames, out, null, h.padding(), h.paddingLimit(), bitsStored, signed);
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
    private static Decoded decodeNative(Path p, String ts, AttributeList header, long headerStop) {
        String name = p.toString();
        AttributeList l = header;
        long stop = headerStop;
        if (l == null || stop < 0) {
            l = new AttributeList();
            try {
                stop = l.read(p.toFile(), TagFromName.PixelData);
            } catch (Exception | LinkageError e) {
                throw new VolumeFormatException(name, "cannot decode: " + e.getMessage(), e);
            }
        }
        Header h = Header.of(name, l);
        if (h.bitsAllocated() != 16) {
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

    private static int padValue(AttributeList l, com.pixelmed.dicom.AttributeTag t, boolean signed, int bitsStored) {
        int v = Attribute.getSingleIntegerValueOrDefault(l, t, 0);
        // US/SS are read unsigned by some writers: bring into the stored-value range
        if (signed && v > 32767) {
            v = (short) v;
        }
        return v;
    }
}
