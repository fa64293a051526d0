package org.covidmtl.volume.io.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.covidmtl.volume.io.fuzz.DicomElements.Element;
import org.covidmtl.volume.io.fuzz.DicomElements.Layout;

/**
 * Mutations of one DICOM file: format-blind byte changes, header fields set to boundary values (Rows, Columns,
 * BitsAllocated, NumberOfFrames, ImagePositionPatient with 1, 2 or 6 values, …), element lengths set past the
 * end of the file, the pixel data's length, fragments and codestream headers (JPEG SOF and JPEG-LS SOF55
 * dimensions, JPEG 2000 SIZ, RLE segment tables), the transfer syntax swapped, and a deflate bomb.
 */
final class DicomMutator {
    static final int PIXEL_DATA = 0x7fe00010;
    static final String[] TRANSFER_SYNTAXES = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
            "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
            "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.53"};

    /** A header field and the values it is set to. */
    private record Field(int tag, String vr, String... values) {
    }

    private static final String[] US = {"0", "1", "7", "8", "12", "16", "17", "32", "33", "64", "255", "32767", "65535"};
    private static final Field[] FIELDS = {
            new Field(0x00280010, "US", US), new Field(0x00280011, "US", US), new Field(0x00280100, "US", US),
            new Field(0x00280101, "US", US), new Field(0x00280102, "US", US), new Field(0x00280103, "US", "0", "1", "2", "65535"),
            new Field(0x00280002, "US", "0", "1", "3", "4", "65535"), new Field(0x00280120, "US", "0", "32768", "65535"),
            new Field(0x00280008, "IS", "2147483647", "-1", "0", "2", "65536", "99999999999", "1e9", "abc", "1\\2"),
            new Field(0x00200032, "DS", "1", "1\\2", "1\\2\\3\\4\\5\\6", "NaN\\0\\0", "1e400\\0\\0", "-1e308\\1e308\\0", "", "a\\b\\c"),
            new Field(0x00200037, "DS", "0\\0\\0\\0\\0\\0", "1\\0\\0\\1\\0\\0", "1\\0\\0", "NaN\\0\\0\\0\\1\\0", "1\\0\\0\\0\\1\\0\\0\\0",
                    "0.7\\0.7\\0\\0\\1\\0", "1e300\\0\\0\\0\\1e300\\0"),
            new Field(0x00280030, "DS", "0\\0", "-1\\-1", "NaN\\1", "1e-320\\1e-320", "1", "1e308\\1e308", "inf\\1"),
            new Field(0x00180050, "DS", "0", "-5", "NaN", "1e308"), new Field(0x00180088, "DS", "0", "-5", "NaN", "1e-300"),
            new Field(0x00281053, "DS", "NaN", "1e308", "0", "-1", "inf", "1e-320"), new Field(0x00281052, "DS", "NaN", "-1e308", "inf"),
            new Field(0x00280004, "CS", "RGB", "PALETTE COLOR", "YBR_FULL", "MONOCHROME1", ""),
            new Field(0x00080060, "CS", "MR", "", "CT"), new Field(0x00080008, "CS", "ORIGINAL\\PRIMARY\\LOCALIZER", "DERIVED", ""),
            new Field(0x00181120, "DS", "45", "NaN", "1e308"), new Field(0x00200013, "IS", "-2147483648", "2147483648", "x"),
            new Field(0x0020000e, "UI", "1.2.3", "", "1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8.9.0.1.2.3.4"),
            new Field(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.481.3", "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.4", "")};

    private DicomMutator() {
    }

    static byte[] mutate(byte[] b, Random r, List<String> what) {
        Layout l = DicomElements.layout(b);
        Element pd = l.find(PIXEL_DATA);
        int focus = pd != null ? pd.valueAt() + 64 : 2048;
        int k = r.nextInt(20);
        if (k < 5) {
            return ByteMutator.mutate(b, r, focus, what);
        }
        if (k < 11) {
            return field(b, l, r, what);
        }
        if (k < 13) {
            return length(b, l, r, what);
        }
        if (k < 18 && pd != null) {
            return pd.undefined() ? fragments(b, pd, l.explicit(), r, what) : nativeLength(b, pd, r, what);
        }
        if (k < 19) {
            return transferSyntax(b, l, r, what);
        }
        return l.transferSyntax().equals(DicomElements.DEFLATE) ? deflateBomb(b, l, r, what) : ByteMutator.mutate(b, r, focus, what);
    }

    private static byte[] encode(Field f, String v) {
        if (f.vr().equals("US")) {
            int x = Integer.parseInt(v);
            return new byte[] {(byte) x, (byte) (x >>> 8)};
        }
        return v.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] field(byte[] b, Layout l, Random r, List<String> what) {
        Field f = FIELDS[r.nextInt(FIELDS.length)];
        String v = f.values()[r.nextInt(f.values().length)];
        byte[] value = encode(f, v);
        what.add(String.format("(%04X,%04X) = '%s'", f.tag() >>> 16, f.tag() & 0xffff, v));
        Element top = l.find(f.tag());
        if (r.nextInt(4) == 0) {
            // every occurrence, nested ones too (functional groups), same length so enclosing lengths stay right
            List<Element> all = DicomElements.findAll(b, f.tag(), l.explicit());
            byte[] out = b.clone();
            for (Element e : all) {
                if (!e.undefined()) {
                    for (int i = 0; i < e.length(); i++) {
                        out[e.valueAt() + i] = i < value.length ? value[i] : (byte) (f.vr().equals("US") ? 0 : ' ');
                    }
                }
            }
            what.add("in place at " + all.size() + " places");
            return out;
        }
        if (top != null) {
            return top.tag() == 0x00020010 ? withMetaLength(DicomElements.replaceValue(b, top, value), l, value.length - (int) top.length())
                    : DicomElements.replaceValue(b, top, value);
        }
        return DicomElements.insert(b, l, f.tag(), f.vr(), value);
    }

    /** Keeps (0002,0000) right after a meta element changed length by {@code delta}. */
    private static byte[] withMetaLength(byte[] b, Layout l, int delta) {
        Element gl = l.find(0x00020000);
        if (gl != null && gl.length() == 4) {
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            bb.putInt(gl.valueAt(), bb.getInt(gl.valueAt()) + delta + (delta & 1));
        }
        return b;
    }

    private static byte[] length(byte[] b, Layout l, Random r, List<String> what) {
        List<Element> all = new ArrayList<>(l.body());
        all.addAll(l.meta());
        if (all.isEmpty()) {
            return ByteMutator.mutate(b, r, 2048, what);
        }
        Element e = all.get(r.nextInt(all.size()));
        long v = e.lengthSize() == 2 ? ByteMutator.pick(r, 0xffffL, 0xfffeL, e.length() + 1, e.length() + 2, 0L)
                : ByteMutator.pick(r, 0xfffffff0L, 0x7fffffffL, 0xfffffffeL, e.length() + 1, e.length() + 2, 0L, 0xffffffffL, (long) b.length);
        what.add(String.format("length of (%04X,%04X) %d -> %d", e.tag() >>> 16, e.tag() & 0xffff, e.length(), v));
        return DicomElements.setLength(b, e, v);
    }

    private static byte[] nativeLength(byte[] b, Element pd, Random r, List<String> what) {
        long len = pd.length();
        long v = ByteMutator.pick(r, 0x7fffffffL, 0xfffffffeL, 0L, len - 2, len + 2, len / 2, len * 2, 0xffffffffL);
        what.add("pixel data length " + len + " -> " + v);
        return DicomElements.setLength(b, pd, v);
    }

    /** Fragment positions of encapsulated pixel data: item tag offsets, basic offset table first. */
    private static List<Integer> items(byte[] b, int p) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> out = new ArrayList<>();
        while (p + 8 <= b.length && bb.getInt(p) == 0xe000fffe) {
            out.add(p);
            long next = p + 8L + (bb.getInt(p + 4) & 0xffffffffL);
            if (next > b.length) {
                break;
            }
            p = (int) next;
        }
        return out;
    }

    private static byte[] fragments(byte[] b, Element pd, boolean explicit, Random r, List<String> what) {
        List<Integer> items = items(b, pd.valueAt());
        if (items.size() < 2) {
            return ByteMutator.mutate(b, r, pd.valueAt() + 64, what);
        }
        byte[] out = b.clone();
        ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int frag = items.get(1 + r.nextInt(items.size() - 1));
        switch (r.nextInt(6)) {
            case 0 -> {
                int it = items.get(r.nextInt(items.size()));
                long v = ByteMutator.pick(r, 0x7fffffffL, 0xfffffff0L, 0L, 1L, (long) out.length);
                bb.putInt(it + 4, (int) v);
                what.add("item at " + it + " length -> " + v);
            }
            case 1 -> {
                int bot = items.get(0);
                int n = bb.getInt(bot + 4);
                for (int i = 0; i + 4 <= n && bot + 8 + i + 4 <= out.length; i += 4) {
                    bb.putInt(bot + 8 + i, r.nextBoolean() ? -1 : r.nextInt());
                }
                what.add("basic offset table garbage");
            }
            case 2 -> {
                int last = items.get(items.size() - 1);
                what.add("no sequence delimiter");
                return java.util.Arrays.copyOf(out, last + 8 + (bb.getInt(last + 4) & 0x7fffffff) > out.length ? out.length
                        : last + 8 + bb.getInt(last + 4));
            }
            default -> codestream(out, frag + 8, Math.min(out.length, frag + 8 + (int) Math.min(bb.getInt(frag + 4) & 0xffffffffL, 4096)), r, what);
        }
        return out;
    }

    /** Edits the image header inside a compressed frame: JPEG/JPEG-LS SOF, JPEG 2000 SIZ, or the RLE segment table. */
    static void codestream(byte[] b, int from, int to, Random r, List<String> what) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        for (int p = from; p + 12 < to; p++) {
            if ((b[p] & 0xff) != 0xff) {
                continue;
            }
            int m = b[p + 1] & 0xff;
            if (m == 0x51 && p >= 2 && (b[p - 1] & 0xff) == 0x4f) { // J2K SIZ after SOC
                int field = 6 + 4 * r.nextInt(6); // Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz
                int v = ByteMutator.pick(r, 0, 1, 0x7fff, 0xffff, 0x7fffffff, -1, 46341);
                if (p + 2 + field + 4 < to) {
                    bb.putInt(p + 2 + field, v);
                    what.add("J2K SIZ field " + field + " -> " + v);
                    if (r.nextBoolean() && p + 2 + 38 < to) {
                        bb.putShort(p + 2 + 36, (short) (int) ByteMutator.pick(r, 0, 3, 16385, 0xffff));
                        what.add("J2K components");
                    }
                }
                return;
            }
            if ((m >= 0xc0 && m <= 0xc3) || m == 0xf7) { // SOF0-3, SOF55
                int v = ByteMutator.pick(r, 0, 1, 32767, 65535, 46341);
                int which = r.nextInt(4);
                if (which == 0) {
                    b[p + 4] = (byte) (int) ByteMutator.pick(r, 0, 1, 2, 16, 17, 255);
                    what.add(String.format("SOF %02x precision -> %d", m, b[p + 4] & 0xff));
                } else if (which == 3) {
                    b[p + 9] = (byte) (int) ByteMutator.pick(r, 0, 2, 3, 4, 255);
                    what.add(String.format("SOF %02x components -> %d", m, b[p + 9] & 0xff));
                } else {
                    bb.putShort(p + 5, (short) v);
                    bb.putShort(p + 7, (short) (r.nextBoolean() ? v : bb.getShort(p + 7)));
                    what.add(String.format("SOF %02x dimensions -> %d", m, v));
                }
                return;
            }
        }
        // no JPEG marker: an RLE frame starts with its segment count and 15 offsets (little endian)
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (from + 64 <= to) {
            int slot = r.nextInt(16);
            int v = slot == 0 ? ByteMutator.pick(r, 0, 15, 16, 0x7fffffff, -1) : ByteMutator.pick(r, -1, 0x7fffffff, 0, to - from + 1, 64);
            le.putInt(from + 4 * slot, v);
            what.add("RLE header slot " + slot + " -> " + v);
        }
    }

    private static byte[] transferSyntax(byte[] b, Layout l, Random r, List<String> what) {
        Element ts = l.find(0x00020010);
        if (ts == null) {
            return ByteMutator.mutate(b, r, 2048, what);
        }
        String v = TRANSFER_SYNTAXES[r.nextInt(TRANSFER_SYNTAXES.length)];
        what.add("transfer syntax -> " + v);
        byte[] value = v.getBytes(StandardCharsets.US_ASCII);
        return withMetaLength(DicomElements.replaceValue(b, ts, value), l, ((value.length + 1) & ~1) - (int) ts.length());
    }

    /** A deflated data set whose stream goes on with zeros (or a huge trailing element) far past its last element. */
    private static byte[] deflateBomb(byte[] b, Layout l, Random r, List<String> what) {
        byte[] body;
        try {
            java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
            inf.setInput(b, l.bodyAt(), b.length - l.bodyAt());
            java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                o.write(buf, 0, n);
            }
            inf.end();
            body = o.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            return ByteMutator.mutate(b, r, 2048, what);
        }
        byte[] tail = new byte[0];
        if (r.nextBoolean()) {
            // trailing padding (FFFC,FFFC) OB declaring 4 GiB
            tail = new byte[] {(byte) 0xfc, (byte) 0xff, (byte) 0xfc, (byte) 0xff, 'O', 'B', 0, 0, (byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff};
            what.add("deflate bomb: trailing element of 4 GiB");
        } else {
            what.add("deflate bomb: zeros after the data set");
        }
        byte[] head = new byte[body.length + tail.length];
        System.arraycopy(body, 0, head, 0, body.length);
        System.arraycopy(tail, 0, head, body.length, tail.length);
        byte[] z = Compression.deflateBomb(head, 256, true);
        byte[] out = new byte[l.bodyAt() + z.length];
        System.arraycopy(b, 0, out, 0, l.bodyAt());
        System.arraycopy(z, 0, out, l.bodyAt(), z.length);
        return out;
    }
}
