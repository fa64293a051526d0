package org.covidmtl.volume.io.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the elements of a little-endian DICOM file are, for targeted edits: the file meta group and the top level
 * of the data set (sequences are stepped over), or any element found by its tag bytes. Byte-level and forgiving:
 * it describes what it can and stops at the first thing it cannot parse.
 */
final class DicomElements {
    static final String IMPLICIT = "1.2.840.10008.1.2";
    static final String BIG_ENDIAN = "1.2.840.10008.1.2.2";
    static final String DEFLATE = "1.2.840.10008.1.2.1.99";
    private static final Set<String> LONG_VR = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    /**
     * One element.
     *
     * @param vr the explicit VR, or null when implicit
     * @param at where its tag starts
     * @param lengthAt where its length field starts
     * @param lengthSize 2 or 4
     * @param valueAt where its value starts
     * @param length its value length (0xFFFFFFFF undefined)
     */
    record Element(int tag, String vr, int at, int lengthAt, int lengthSize, int valueAt, long length) {
        boolean undefined() {
            return length == 0xffffffffL;
        }

        String value(byte[] b) {
            int n = (int) Math.min(length, b.length - valueAt);
            return undefined() || n < 0 ? "" : new String(b, valueAt, n, StandardCharsets.ISO_8859_1);
        }
    }

    /** The parsed layout: the meta elements, the data set's top-level elements, the transfer syntax. */
    record Layout(List<Element> meta, List<Element> body, String transferSyntax, boolean explicit, int bodyAt) {
        Element find(int tag) {
            for (Element e : meta) {
                if (e.tag() == tag) {
                    return e;
                }
            }
            for (Element e : body) {
                if (e.tag() == tag) {
                    return e;
                }
            }
            return null;
        }
    }

    private DicomElements() {
    }

    static Layout layout(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int p = b.length >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M' ? 132 : 0;
        List<Element> meta = new ArrayList<>();
        String ts = IMPLICIT;
        boolean metaFound = false;
        while (p + 8 <= b.length && bb.getShort(p) == 0x0002) {
            Element e = element(b, bb, p, true);
            if (e == null) {
                break;
            }
            meta.add(e);
            metaFound = true;
            if (e.tag() == 0x00020010) {
                ts = e.value(b).replace("\0", "").trim();
            }
            p = e.valueAt() + (int) e.length();
        }
        boolean explicit = metaFound ? !ts.equals(IMPLICIT) : looksExplicit(b, p);
        List<Element> body = new ArrayList<>();
        int bodyAt = p;
        if (!ts.equals(BIG_ENDIAN) && !ts.equals(DEFLATE)) {
            while (p + 8 <= b.length) {
                Element e = element(b, bb, p, explicit);
                if (e == null) {
                    break;
                }
                body.add(e);
                int next = e.undefined() ? skipUndefined(b, bb, e.valueAt(), explicit, 0) : (int) Math.min(b.length + 1L, e.valueAt() + e.length());
                if (next < 0 || next > b.length) {
                    break;
                }
                p = next;
            }
        }
        return new Layout(meta, body, ts, explicit, bodyAt);
    }

    private static boolean looksExplicit(byte[] b, int p) {
        return p + 6 <= b.length && Character.isUpperCase(b[p + 4]) && Character.isUpperCase(b[p + 5]);
    }

    /** The element whose tag starts at {@code p}, or null. */
    static Element element(byte[] b, ByteBuffer bb, int p, boolean explicit) {
        if (p + 8 > b.length) {
            return null;
        }
        int tag = ((bb.getShort(p) & 0xffff) << 16) | (bb.getShort(p + 2) & 0xffff);
        boolean item = (tag >>> 16) == 0xfffe;
        if (explicit && !item) {
            String vr = new String(b, p + 4, 2, StandardCharsets.ISO_8859_1);
            if (LONG_VR.contains(vr)) {
                if (p + 12 > b.length) {
                    return null;
                }
                return new Element(tag, vr, p, p + 8, 4, p + 12, bb.getInt(p + 8) & 0xffffffffL);
            }
            return new Element(tag, vr, p, p + 6, 2, p + 8, bb.getShort(p + 6) & 0xffff);
        }
        return new Element(tag, null, p, p + 4, 4, p + 8, bb.getInt(p + 4) & 0xffffffffL);
    }

    /** Position after an undefined-length value starting at {@code p} (items up to the sequence delimiter), or −1. */
    private static int skipUndefined(byte[] b, ByteBuffer bb, int p, boolean explicit, int depth) {
        if (depth > 16) {
            return -1;
        }
        while (p + 8 <= b.length) {
            Element e = element(b, bb, p, explicit);
            if (e.tag() == 0xfffee0dd || e.tag() == 0xfffee00d) {
                return e.valueAt();
            }
            if (e.undefined()) {
                p = skipUndefined(b, bb, e.valueAt(), explicit, depth + 1);
                if (p < 0) {
                    return -1;
                }
            } else {
                long next = e.valueAt() + e.length();
                if (next > b.length) {
                    return -1;
                }
                p = (int) next;
            }
        }
        return -1;
    }

    /** Every place the tag's bytes occur (little endian), parsed as an element header; nested ones included. */
    static List<Element> findAll(byte[] b, int tag, boolean explicit) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        byte g0 = (byte) (tag >>> 16);
        byte g1 = (byte) (tag >>> 24);
        byte e0 = (byte) tag;
        byte e1 = (byte) (tag >>> 8);
        List<Element> out = new ArrayList<>();
        for (int p = 0; p + 8 <= b.length; p++) {
            if (b[p] == g0 && b[p + 1] == g1 && b[p + 2] == e0 && b[p + 3] == e1) {
                Element e = element(b, bb, p, explicit && looksExplicit(b, p));
                if (e != null && (e.undefined() || e.valueAt() + e.length() <= b.length)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** A copy of {@code b} with the element's value replaced (its length field updated; padded to even length). */
    static byte[] replaceValue(byte[] b, Element e, byte[] value) {
        byte[] v = value.length % 2 == 0 ? value : java.util.Arrays.copyOf(value, value.length + 1);
        if (v.length % 2 != 0 || (e.lengthSize() == 2 && v.length > 0xffff) || e.undefined()) {
            return b;
        }
        if (value.length % 2 != 0) {
            v[v.length - 1] = (byte) (e.vr() != null && (e.vr().equals("UI") || e.vr().startsWith("O")) ? 0 : ' ');
        }
        int oldEnd = e.valueAt() + (int) e.length();
        byte[] out = new byte[b.length - (int) e.length() + v.length];
        System.arraycopy(b, 0, out, 0, e.valueAt());
        System.arraycopy(v, 0, out, e.valueAt(), v.length);
        System.arraycopy(b, oldEnd, out, e.valueAt() + v.length, b.length - oldEnd);
        writeLength(out, e, v.length);
        return out;
    }

    /** Overwrites the length field of an element in place (a copy of {@code b}). */
    static byte[] setLength(byte[] b, Element e, long length) {
        byte[] out = b.clone();
        writeLength(out, e, length);
        return out;
    }

    private static void writeLength(byte[] b, Element e, long length) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (e.lengthSize() == 2) {
            bb.putShort(e.lengthAt(), (short) length);
        } else {
            bb.putInt(e.lengthAt(), (int) length);
        }
    }

    /** A copy of {@code b} with a new top-level element inserted in tag order (or {@code b} when it cannot be placed). */
    static byte[] insert(byte[] b, Layout l, int tag, String vr, byte[] value) {
        byte[] v = value.length % 2 == 0 ? value : java.util.Arrays.copyOf(value, value.length + 1);
        if (value.length % 2 != 0) {
            v[v.length - 1] = ' ';
        }
        int at = -1;
        for (Element e : l.body()) {
            if (Integer.compareUnsigned(e.tag(), tag) > 0) {
                at = e.at();
                break;
            }
        }
        if (at < 0) {
            return b;
        }
        ByteBuffer h;
        if (l.explicit() && LONG_VR.contains(vr)) {
            h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            h.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putInt(v.length);
        } else if (l.explicit()) {
            h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            h.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII)).putShort((short) v.length);
        } else {
            h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            h.putShort((short) (tag >>> 16)).putShort((short) tag).putInt(v.length);
        }
        byte[] head = h.array();
        byte[] out = new byte[b.length + head.length + v.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(head, 0, out, at, head.length);
        System.arraycopy(v, 0, out, at + head.length, v.length);
        System.arraycopy(b, at, out, at + head.length + v.length, b.length - at);
        return out;
    }
}
