package org.covidmtl.volume.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;

/**
 * The COVID-MTL compressed volume format ({@code .dtm} CT, {@code .dmm} mask, {@code .dcm} cropped CT):
 * a DICOM-like Part-10 file whose implicit-VR body holds one 16-bit grayscale PNG per axial slice in an
 * encapsulated Pixel Data item sequence. Stored values are HU+1024 for CT (0..4095) and 0/1 for masks.
 *
 * <p>The reader returns HU (stored − 1024) for CT, the stored labels for masks (also as {@link Mask}),
 * or the stored values with option {@code values=stored}. The format holds no geometry: the volume gets
 * 1 mm isotropic spacing, origin 0 and identity direction (as the reference's resampled volumes), which
 * is reported. The writer is byte-identical to the reference writer (see {@link Png16}).
 */
public final class CovidMtlFormat implements VolumeReader, VolumeWriter {
    public static final String FORMAT = "covid-mtl";
    public static final String TS_RLE = "1.2.840.10008.1.2.5";
    static final int HU_OFFSET = 1024;

    private final String patientId;
    private final LocalDateTime fixedTime;

    public CovidMtlFormat() {
        this(null, null);
    }

    /**
     * @param patientId written as PatientID and "Patient N"; null → taken from the file name's digits, or 0
     * @param fixedTime ContentDate/Time to write; null → now
     */
    public CovidMtlFormat(String patientId, LocalDateTime fixedTime) {
        this.patientId = patientId;
        this.fixedTime = fixedTime;
    }

    @Override
    public boolean canRead(Path input) {
        return looksLikeCovidMtl(IoUtil.head(input, 512));
    }

    /** Whether a file whose first (up to) 512 bytes are {@code h} is in the COVID-MTL layout. */
    public static boolean looksLikeCovidMtl(byte[] h) {
        if (h.length < 140 || h[128] != 'D' || h[129] != 'I' || h[130] != 'C' || h[131] != 'M') {
            return false;
        }
        // group 0002 explicit VR, then an implicit VR body with no Rows element: look for the RLE TS and a
        // body that goes straight to 0008/0010/7FE0 without Rows (0028,0010)
        String s = new String(h, StandardCharsets.ISO_8859_1);
        return s.contains(TS_RLE) && isCovidMtlLayout(h);
    }

    private static boolean isCovidMtlLayout(byte[] h) {
        try {
            Header hd = parseHeader("?", h, true);
            return hd != null && hd.pixelDataOffset > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Parsed header: where the pixel data items start, and the body elements. */
    record Header(int pixelDataOffset, Map<String, String> elements) {
    }

    /** @param partial the buffer is only the file's head: return what can be seen, null if undecidable */
    static Header parseHeader(String name, byte[] b, boolean partial) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b.length < 132 || b[128] != 'D' || b[129] != 'I' || b[130] != 'C' || b[131] != 'M') {
            throw new VolumeFormatException(name, "wrong magic: no 'DICM' at byte 128");
        }
        int p = 132;
        Map<String, String> el = new LinkedHashMap<>();
        // group 0002, explicit VR little endian
        while (p + 8 <= b.length && bb.getShort(p) == 0x0002) {
            int elem = bb.getShort(p + 2) & 0xffff;
            String vr = new String(b, p + 4, 2, StandardCharsets.ISO_8859_1);
            long len;
            int hdr;
            if (vr.equals("OB") || vr.equals("OW") || vr.equals("OF") || vr.equals("SQ") || vr.equals("UT") || vr.equals("UN")) {
                if (p + 12 > b.length) {
                    break;
                }
                len = bb.getInt(p + 8) & 0xffffffffL;
                hdr = 12;
            } else {
                len = bb.getShort(p + 6) & 0xffff;
                hdr = 8;
            }
            if (p + hdr + len > b.length) {
                if (partial) {
                    return null;
                }
                throw new VolumeFormatException(name, "truncated in the file meta information");
            }
            String v = new String(b, p + hdr, (int) len, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
            el.put(String.format("0002,%04X", elem), v);
            p += hdr + (int) len;
        }
        String ts = el.get("0002,0010");
        if (ts == null) {
            throw new VolumeFormatException(name, "no transfer syntax in the file meta information");
        }
        // body, implicit VR little endian
        while (true) {
            if (p + 8 > b.length) {
                if (partial) {
                    return null;
                }
                throw new VolumeFormatException(name, "truncated before the pixel data");
            }
            int group = bb.getShort(p) & 0xffff;
            int elem = bb.getShort(p + 2) & 0xffff;
            long len = bb.getInt(p + 4) & 0xffffffffL;
            if (group == 0x7fe0 && elem == 0x0010) {
                if (len != 0xffffffffL) {
                    throw new VolumeFormatException(name, "pixel data is not encapsulated (defined length " + len + ")");
                }
                return new Header(p + 8, el);
            }
            if (group == 0x0028 && (elem == 0x0010 || elem == 0x0011)) {
                throw new VolumeFormatException(name, "a regular DICOM image (has Rows/Columns), not the COVID-MTL format");
            }
            if (len == 0xffffffffL || group < 0x0008 || group > 0x7fe0) {
                throw new VolumeFormatException(name, String.format("unexpected element (%04X,%04X) length %d in the body", group, elem, len));
            }
            if (p + 8 + len > b.length) {
                if (partial) {
                    return null;
                }
                throw new VolumeFormatException(name, String.format("truncated in element (%04X,%04X)", group, elem));
            }
            el.put(String.format("%04X,%04X", group, elem),
                    new String(b, p + 8, (int) len, StandardCharsets.ISO_8859_1).replace("\0", "").trim());
            p += 8 + (int) len;
        }
    }

    @Override
    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        IoUtil.checkOptions(input, options, Set.of("values", "kind"));
        String name = input.toString();
        BoundedRead.requireRegularFile(name, input);
        String kind = options.getOrDefault("kind", IoUtil.lowerName(input).endsWith(".dmm") ? "mask" : "ct");
        if (options.containsKey("values") && !Set.of("stored", "hu").contains(options.get("values"))) {
            throw new VolumeFormatException(name, "option values must be 'stored' or 'hu'");
        }
        boolean stored = "stored".equals(options.get("values")) || kind.equals("mask");
        byte[] b = BoundedRead.file(name, input, 0, IoUtil.size(name, input), "the file");
        progress.setProgress(0, "reading " + input.getFileName());
        Header h = parseHeader(name, b, false);
        List<int[]> items = items(name, b, h.pixelDataOffset);
        int nslices = items.size() - 1;
        // every slice's size from its PNG header, and the memory for all of them, before any is decoded
        int[] size0 = slice(name, 0, () -> Png16.size(b, items.get(1)[0], items.get(1)[1]));
        int w = size0[0];
        int hgt = size0[1];
        for (int k = 1; k < nslices; k++) {
            int[] it = items.get(k + 1);
            int[] sk = slice(name, k, () -> Png16.size(b, it[0], it[1]));
            if (sk[0] != w || sk[1] != hgt) {
                throw new VolumeFormatException(name, "slice " + k + " is " + sk[0] + "x" + sk[1] + ", slice 0 is " + w + "x" + hgt);
            }
        }
        long voxels = Limits.product(name, "slices × rows × columns", nslices, hgt, w);
        Limits.checkMemory(name, voxels, Limits.product(name, "voxels × bytes", voxels, kind.equals("mask") ? 9 : 8));
        Png16.Image[] imgs = new Png16.Image[nslices];
        String[] errors = new String[nslices];
        IntStream.range(0, nslices).parallel().forEach(k -> {
            int[] it = items.get(k + 1);
            try {
                imgs[k] = Png16.decode(b, it[0], it[1]);
            } catch (RuntimeException ex) {
                errors[k] = String.valueOf(ex.getMessage());
            }
        });
        for (int k = 0; k < nslices; k++) {
            if (errors[k] != null) {
                throw new VolumeFormatException(name, "corrupt PNG in slice " + k + ": " + errors[k]);
            }
            if (imgs[k].width() != w || imgs[k].height() != hgt) {
                throw new VolumeFormatException(name, "slice " + k + " is " + imgs[k].width() + "x" + imgs[k].height()
                        + ", slice 0 is " + w + "x" + hgt);
            }
        }
        progress.checkCanceled();
        int plane = w * hgt;
        float[] vox = new float[(int) voxels];
        int shift = stored ? 0 : HU_OFFSET;
        for (int k = 0; k < nslices; k++) {
            int[] s = imgs[k].samples();
            int o = k * plane;
            for (int i = 0; i < plane; i++) {
                vox[o + i] = s[i] - shift;
            }
        }
        VolumeGeometry g = VolumeGeometry.axial(new int[] {w, hgt, nslices}, new double[] {1, 1, 1}, new double[] {0, 0, 0});
        Volume v = new Volume(g, vox);
        Mask mask = null;
        if (kind.equals("mask")) {
            byte[] labels = new byte[vox.length];
            for (int i = 0; i < vox.length; i++) {
                labels[i] = (byte) Math.min(255, (int) vox[i]);
            }
            mask = new Mask(g, labels);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("transfer-syntax", h.elements.getOrDefault("0002,0010", ""));
        meta.put("patient-name", h.elements.getOrDefault("0010,0010", ""));
        meta.put("patient-id", h.elements.getOrDefault("0010,0020", ""));
        meta.put("content-date", h.elements.getOrDefault("0008,0023", ""));
        meta.put("content-time", h.elements.getOrDefault("0008,0033", ""));
        meta.put("values", stored ? "stored" : "hu");
        meta.put("kind", kind);
        progress.setProgress(1, null);
        return new LoadedVolume(v, mask, name, "COVID-MTL " + kind + " volume, " + nslices + " PNG slices",
                List.of("the COVID-MTL format stores no geometry: 1 mm isotropic spacing, origin 0, identity direction assumed"),
                meta);
    }

    /** The pixel data items (offset, length) from {@code p}: the basic offset table, then one per slice. */
    private static List<int[]> items(String name, byte[] b, int p) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        List<int[]> items = new ArrayList<>();
        while (p + 8 <= b.length) {
            int g = bb.getShort(p) & 0xffff;
            int e = bb.getShort(p + 2) & 0xffff;
            long len = bb.getInt(p + 4) & 0xffffffffL;
            if (g == 0xfffe && e == 0xe0dd) {
                if (items.size() < 2) {
                    throw new VolumeFormatException(name, "no slices in the pixel data");
                }
                return items;
            }
            if (g != 0xfffe || e != 0xe000) {
                throw new VolumeFormatException(name, String.format("expected an item tag at byte %d, found (%04X,%04X)", p, g, e));
            }
            if (p + 8 + len > b.length) {
                throw new VolumeFormatException(name, "truncated: item " + items.size() + " at byte " + p + " needs " + len
                        + " bytes, " + (b.length - p - 8) + " left");
            }
            items.add(new int[] {p + 8, (int) len});
            p += 8 + (int) len;
        }
        throw new VolumeFormatException(name, "truncated: no sequence delimiter after " + items.size() + " items");
    }

    /** What {@code png} says about slice {@code k}, its failure a typed error naming the file and the slice. */
    private static int[] slice(String name, int k, java.util.function.Supplier<int[]> png) {
        try {
            return png.get();
        } catch (RuntimeException e) {
            throw new VolumeFormatException(name, "corrupt PNG in slice " + k + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> extensions() {
        return Set.of(".dtm", ".dmm", ".dcm");
    }

    @Override
    public void write(Volume volume, Path output, Progress progress) {
        float[] v = volume.voxels();
        int[] s = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            long x = Math.round(v[i] + (double) HU_OFFSET);
            s[i] = (int) Math.max(0, Math.min(65535, x));
        }
        write(volume.geometry(), s, output, progress);
    }

    @Override
    public void write(Mask mask, Path output, Progress progress) {
        byte[] l = mask.labels();
        int[] s = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            s[i] = l[i] & 0xff;
        }
        write(mask.geometry(), s, output, progress);
    }

    /** Writes stored values (0..65535) directly. */
    public void writeStored(VolumeGeometry g, int[] stored, Path output, Progress progress) {
        write(g, stored, output, progress);
    }

    private void write(VolumeGeometry g, int[] stored, Path output, Progress progress) {
        progress.setProgress(0, "writing " + output.getFileName());
        int w = g.sizeX();
        int h = g.sizeY();
        int n = g.sizeZ();
        byte[][] pngs = new byte[n][];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        IntStream.range(0, n).parallel().forEach(k -> {
            progress.checkCanceled();
            pngs[k] = Png16.encode16(w, h, stored, k * w * h);
            progress.setProgress(0.95 * done.incrementAndGet() / n, null);
        });
        String pid = patientId != null ? patientId : IoUtil.lowerName(output).replaceAll("\\D", "");
        if (pid.isEmpty()) {
            pid = "0";
        }
        LocalDateTime t = fixedTime != null ? fixedTime : LocalDateTime.now();
        byte[] file = encodeFile(pngs, pid, t);
        IoUtil.writeAtomically(output, out -> out.write(file));
        progress.setProgress(1, null);
    }

    static byte[] encodeFile(byte[][] pngs, String pid, LocalDateTime t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        explicitUi(out, 0x0002, "1.2.840.10008.1.2.4.51");
        explicitUi(out, 0x0003, "1.2.3");
        explicitUi(out, 0x0010, TS_RLE);
        explicitUi(out, 0x0012, "1.2.3.4");
        implicit(out, 0x0008, 0x0023, t.format(DateTimeFormatter.ofPattern("yyyyMMdd")));
        implicit(out, 0x0008, 0x0033, t.format(DateTimeFormatter.ofPattern("HHmmss.SSSSSS")));
        implicit(out, 0x0010, 0x0010, "Patient " + pid);
        implicit(out, 0x0010, 0x0020, pid);
        ByteBuffer tag = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        tag.putShort((short) 0x7fe0).putShort((short) 0x0010).putInt(-1);
        out.writeBytes(tag.array());
        ByteBuffer bot = ByteBuffer.allocate(8 + 4 * pngs.length).order(ByteOrder.LITTLE_ENDIAN);
        bot.putShort((short) 0xfffe).putShort((short) 0xe000).putInt(4 * pngs.length);
        long off = 0;
        for (byte[] png : pngs) {
            bot.putInt((int) off);
            off += 8 + png.length + (png.length & 1);
        }
        out.writeBytes(bot.array());
        for (byte[] png : pngs) {
            ByteBuffer it = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            it.putShort((short) 0xfffe).putShort((short) 0xe000).putInt(png.length + (png.length & 1));
            out.writeBytes(it.array());
            out.writeBytes(png);
            if ((png.length & 1) != 0) {
                out.write(0);
            }
        }
        ByteBuffer end = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        end.putShort((short) 0xfffe).putShort((short) 0xe0dd).putInt(0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static void explicitUi(ByteArrayOutputStream out, int elem, String uid) {
        byte[] v = uid.getBytes(StandardCharsets.US_ASCII);
        int len = v.length + (v.length & 1);
        ByteBuffer b = ByteBuffer.allocate(8 + len).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x0002).putShort((short) elem).put((byte) 'U').put((byte) 'I').putShort((short) len).put(v);
        out.writeBytes(b.array());
    }

    private static void implicit(ByteArrayOutputStream out, int group, int elem, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        int len = v.length + (v.length & 1);
        ByteBuffer b = ByteBuffer.allocate(8 + len).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) group).putShort((short) elem).putInt(len).put(v);
        if ((v.length & 1) != 0) {
            b.put((byte) ' ');
        }
        out.writeBytes(b.array());
    }
}
