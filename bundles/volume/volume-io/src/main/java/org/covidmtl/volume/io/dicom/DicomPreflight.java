package org.covidmtl.volume.io.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import org.covidmtl.api.volume.VolumeFormatException;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;

/**
 * Walks the element structure of a DICOM file before PixelMed reads it, so that PixelMed never allocates for a
 * length the file cannot hold: file meta information, then the data set in its transfer syntax (implicit or
 * explicit VR, little or big endian, deflated), sequences and items to any depth up to {@link #MAX_DEPTH}, and
 * encapsulated pixel data fragment by fragment. Every length must fit what is left of its sequence, item or file;
 * a header value may hold at most {@link #MAX_VALUE} bytes (all of them together, for a deflated data set, whose
 * inflated size nothing else bounds); after the pixel data only elements with higher tags may follow. Values are not
 * read, only stepped over: for an uncompressed file the walk reads the header bytes and seeks past the pixel data.
 */
final class DicomPreflight {
    /** The most bytes of one header value, and of all values of a deflated data set together. */
    static final long MAX_VALUE = 64L << 20;
    /** The deepest nesting of sequences. */
    static final int MAX_DEPTH = 16;
    /** The most elements (items and fragments included) a file may hold. */
    static final int MAX_ELEMENTS = 2_000_000;
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    private static final int PIXEL_DATA = 0x7fe00010;
    private static final int ITEM = 0xfffee000;
    private static final int ITEM_END = 0xfffee00d;
    private static final int SEQUENCE_END = 0xfffee0dd;
    private static final long UNDEFINED = 0xffffffffL;
    private static final Set<String> LONG_VR = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final DicomDictionary DICTIONARY = AttributeList.getDictionary();

    /**
     * What the walk found out about the pixel data.
     *
     * @param transferSyntax from the file meta information ("" when there is none)
     * @param pixelDataLength the defined length of the top-level Pixel Data, −1 when encapsulated, −2 when absent
     * @param fragments offset and length in the file of each encapsulated item, the basic offset table first
     * @param headerEnd for a file with the DICM preamble and an uncompressed data set: where the element header of the
     *            top-level Pixel Data ends (all a header read needs); otherwise −1
     */
    record Facts(String transferSyntax, long pixelDataLength, List<long[]> fragments, long headerEnd) {
        boolean encapsulated() {
            return pixelDataLength == -1;
        }
    }

    /** One element header: tag, explicit VR (null when implicit), value length, and where the value starts. */
    private record Header(int tag, String vr, long length, long at) {
    }

    private final String name;
    private Source src;
    private boolean explicit;
    private boolean bigEndian;
    private long deflatedValues;
    private int elements;
    private boolean pixelSeen;
    private long pixelDataLength = -2;
    private long pixelDataHeaderEnd = -1;
    private boolean preamble;
    private final List<long[]> fragments = new ArrayList<>();

    private DicomPreflight(String name) {
        this.name = name;
    }

    static Facts check(Path file) {
        try (FileChannel ch = FileChannel.open(file)) {
            return check(file.toString(), ch);
        } catch (IOException e) {
            throw new VolumeFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** The walk of the file open as {@code ch} (read at positions; its own position is left alone). */
    static Facts check(String name, FileChannel ch) {
        return new DicomPreflight(name).run(ch);
    }

    private Facts run(FileChannel ch) {
        try {
            src = new Source(ch, null, ch.size());
            byte[] head = src.peek(132);
            int start = head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M' ? 132 : 0;
            preamble = start == 132;
            src.skip(start);
            String ts = meta();
            explicit = ts.isEmpty() ? looksExplicit() : !ts.equals(IMPLICIT_LE);
            bigEndian = ts.equals(EXPLICIT_BE);
            if (ts.equals(DEFLATED)) {
                InputStream deflated = new InflaterInputStream(Channels.newInputStream(ch.position(src.pos())), new Inflater(true), 1 << 14);
                src = new Source(null, deflated, -1);
            }
            dataSet(-1, false, 0, true);
            return new Facts(ts, pixelDataLength, List.copyOf(fragments), preamble && src.size >= 0 ? pixelDataHeaderEnd : -1);
        } catch (EOFException e) {
            throw new VolumeFormatException(name, "truncated at byte " + src.pos() + (src.size < 0 ? " of the inflated data set" : ""), e);
        } catch (IOException e) {
            throw new VolumeFormatException(name, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The file meta information group (explicit VR little endian); returns the transfer syntax, "" when absent. */
    private String meta() throws IOException {
        String ts = "";
        explicit = true;
        bigEndian = false;
        while (true) {
            byte[] p = src.peek(2);
            if (p.length < 2 || p[0] != 0x02 || p[1] != 0x00) {
                return ts;
            }
            Header h = header();
            if (h.length() == UNDEFINED || h.length() > src.remaining(-1)) {
                throw problem(h, "length " + h.length() + " runs past the end of the file");
            }
            if (h.tag() == 0x00020010 && h.length() <= 64) {
                byte[] v = new byte[(int) h.length()];
                src.read(v);
                ts = new String(v, StandardCharsets.US_ASCII).replace("\0", "").trim();
            } else {
                value(h, 0, false, -1);
            }
        }
    }

    private boolean looksExplicit() throws IOException {
        byte[] p = src.peek(6);
        return p.length == 6 && Character.isUpperCase(p[4]) && Character.isUpperCase(p[5]);
    }

    /** The elements of a data set up to {@code end} (−1: the end of the data, or an item delimiter when {@code inItem}). */
    private void dataSet(long end, boolean inItem, int depth, boolean top) throws IOException {
        while (true) {
            if (end >= 0 && src.pos() >= end) {
                return;
            }
            if (end < 0 && src.atEnd()) {
                if (inItem) {
                    throw new VolumeFormatException(name, "truncated: an item without its delimiter");
                }
                return;
            }
            Header h = header();
            if (h.tag() == ITEM_END) {
                if (!inItem) {
                    throw problem(h, "item delimiter outside an item");
                }
                return;
            }
            if (h.tag() == ITEM || h.tag() == SEQUENCE_END) {
                throw problem(h, "item tag in a data set");
            }
            if (top && pixelSeen && Integer.compareUnsigned(h.tag(), PIXEL_DATA) <= 0) {
                throw problem(h, "element after the pixel data out of tag order (data after the end of the data set)");
            }
            value(h, depth, top, end);
        }
    }

    private void value(Header h, int depth, boolean top, long end) throws IOException {
        boolean pixelData = top && h.tag() == PIXEL_DATA;
        if (pixelData) {
            pixelSeen = true;
            pixelDataHeaderEnd = src.pos();
        }
        if (h.length() == UNDEFINED) {
            if (pixelData) {
                pixelDataLength = -1;
                encapsulated(end);
            } else if (h.vr() == null || h.vr().equals("SQ") || h.vr().equals("UN")) {
                boolean outer = explicit;
                explicit = explicit && !"UN".equals(h.vr());
                items(-1, depth + 1);
                explicit = outer;
            } else {
                throw problem(h, "undefined length for VR " + h.vr());
            }
            return;
        }
        if (h.length() > src.remaining(end)) {
            throw problem(h, "length " + h.length() + " runs past the end of its " + (end >= 0 ? "item or sequence" : "file")
                    + " (" + src.remaining(end) + " bytes left)");
        }
        if (isSequence(h)) {
            items(src.pos() + h.length(), depth + 1);
            return;
        }
        if (pixelData) {
            pixelDataLength = h.length();
        } else if (h.length() > MAX_VALUE || (src.size < 0 && (deflatedValues += h.length()) > MAX_VALUE)) {
            throw problem(h, "declares " + h.length() + " bytes: more than " + MAX_VALUE + " is not a header value");
        }
        src.skip(h.length());
    }

    private boolean isSequence(Header h) {
        if (h.vr() != null) {
            return h.vr().equals("SQ");
        }
        byte[] vr = DICTIONARY.getValueRepresentationFromTag(new AttributeTag(h.tag() >>> 16, h.tag() & 0xffff));
        return vr != null && vr.length == 2 && vr[0] == 'S' && vr[1] == 'Q';
    }

    /** The items of a sequence up to {@code end} (−1: up to the sequence delimiter). */
    private void items(long end, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new VolumeFormatException(name, "sequences nested deeper than " + MAX_DEPTH + " at byte " + src.pos());
        }
        while (end < 0 || src.pos() < end) {
            Header h = itemHeader();
            if (h.tag() == SEQUENCE_END) {
                return;
            }
            if (h.tag() != ITEM) {
                throw problem(h, "expected an item of a sequence");
            }
            if (h.length() == UNDEFINED) {
                dataSet(-1, true, depth, false);
            } else if (h.length() > src.remaining(end)) {
                throw problem(h, "item length " + h.length() + " runs past the end of its sequence (" + src.remaining(end) + " bytes left)");
            } else {
                dataSet(src.pos() + h.length(), false, depth, false);
            }
        }
    }

    /** Encapsulated pixel data: defined-length items (the basic offset table, then fragments) up to the delimiter. */
    private void encapsulated(long end) throws IOException {
        while (true) {
            Header h = itemHeader();
            if (h.tag() == SEQUENCE_END) {
                return;
            }
            if (h.tag() != ITEM || h.length() == UNDEFINED) {
                throw problem(h, "expected a pixel data fragment");
            }
            if (h.length() > src.remaining(end)) {
                throw problem(h, "fragment length " + h.length() + " runs past the end of the file (" + src.remaining(end) + " bytes left)");
            }
            fragments.add(new long[] {src.pos(), h.length()});
            src.skip(h.length());
        }
    }

    private Header itemHeader() throws IOException {
        long at = src.pos();
        int tag = tag();
        return new Header(tag, null, u32(), at);
    }

    private int tag() throws IOException {
        if (++elements > MAX_ELEMENTS) {
            throw new VolumeFormatException(name, "more than " + MAX_ELEMENTS + " elements: not a plausible DICOM file");
        }
        return (u16() << 16) | u16();
    }

    private Header header() throws IOException {
        long at = src.pos();
        int tag = tag();
        if ((tag >>> 16) == 0xfffe || !explicit) {
            return new Header(tag, null, u32(), at);
        }
        int v0 = src.u8();
        int v1 = src.u8();
        if (v0 < 'A' || v0 > 'Z' || v1 < 'A' || v1 > 'Z') {
            // an implicit VR element in an explicit VR data set: PixelMed reads these and the next two bytes as its length
            int v2 = src.u8();
            int v3 = src.u8();
            long length = bigEndian ? ((long) v0 << 24) | (v1 << 16) | (v2 << 8) | v3 : v0 | (v1 << 8) | (v2 << 16) | ((long) v3 << 24);
            return new Header(tag, null, length, at);
        }
        String vr = new String(new char[] {(char) v0, (char) v1});
        if (LONG_VR.contains(vr)) {
            src.skip(2);
            return new Header(tag, vr, u32(), at);
        }
        return new Header(tag, vr, u16(), at);
    }

    private int u16() throws IOException {
        int a = src.u8();
        int b = src.u8();
        return bigEndian ? (a << 8) | b : a | (b << 8);
    }

    private long u32() throws IOException {
        long a = u16();
        long b = u16();
        return bigEndian ? (a << 16) | b : a | (b << 16);
    }

    private VolumeFormatException problem(Header h, String what) {
        return new VolumeFormatException(name, String.format("element (%04X,%04X) at byte %d%s: %s", h.tag() >>> 16, h.tag() & 0xffff, h.at(),
                src.size < 0 ? " of the inflated data set" : "", what));
    }

    /**
     * The bytes walked, through one buffer: a file (read at positions, size known; skipping moves the position
     * without reading) or an inflated data set (size unknown, −1; skipping inflates and drops).
     */
    private static final class Source {
        private final FileChannel ch;
        private final InputStream in;
        final long size;
        private final byte[] buf = new byte[1 << 14];
        private int at;
        private int limit;
        private long bufferStart;

        Source(FileChannel ch, InputStream in, long size) {
            this.ch = ch;
            this.in = in;
            this.size = size;
        }

        long pos() {
            return bufferStart + at;
        }

        long remaining(long end) {
            long toEnd = end >= 0 ? end - pos() : Long.MAX_VALUE;
            return size >= 0 ? Math.min(toEnd, size - pos()) : toEnd;
        }

        /** Makes up to {@code n} bytes available in the buffer; returns how many are. */
        private int fill(int n) throws IOException {
            if (limit - at >= n) {
                return limit - at;
            }
            System.arraycopy(buf, at, buf, 0, limit - at);
            bufferStart += at;
            limit -= at;
            at = 0;
            while (limit < n) {
                int r = ch != null ? ch.read(ByteBuffer.wrap(buf, limit, buf.length - limit), bufferStart + limit)
                        : in.read(buf, limit, buf.length - limit);
                if (r <= 0) {
                    break;
                }
                limit += r;
            }
            return limit - at;
        }

        boolean atEnd() throws IOException {
            return size >= 0 ? pos() >= size : fill(1) == 0;
        }

        byte[] peek(int n) throws IOException {
            return Arrays.copyOfRange(buf, at, at + Math.min(n, fill(n)));
        }

        int u8() throws IOException {
            if (at == limit && fill(1) < 1) {
                throw new EOFException();
            }
            return buf[at++] & 0xff;
        }

        void read(byte[] b) throws IOException {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) u8();
            }
        }

        void skip(long n) throws IOException {
            if (n <= limit - at) {
                at += (int) n;
                return;
            }
            long target = pos() + n;
            if (ch != null) {
                if (target > size) {
                    throw new EOFException();
                }
            } else {
                // inflate and drop, a buffer at a time (the window is given up anyway)
                for (long left = n - (limit - at); left > 0;) {
                    int r = in.read(buf, 0, (int) Math.min(left, buf.length));
                    if (r < 0) {
                        throw new EOFException();
                    }
                    left -= r;
                }
            }
            bufferStart = target;
            at = 0;
            limit = 0;
        }
    }
}
