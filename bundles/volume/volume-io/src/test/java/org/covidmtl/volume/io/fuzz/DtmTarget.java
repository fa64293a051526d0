package org.covidmtl.volume.io.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * COVID-MTL {@code .dtm} cases from the real sample and the first slices of the IBSI phantom file: PNG headers
 * (width, height, depth, colour type; CRC kept right or not), an IDAT that inflates to 256 MiB (a zlib bomb),
 * every slice declaring 16384² pixels over a few bytes of data, item lengths, a missing delimiter, header edits,
 * and format-blind byte changes.
 */
final class DtmTarget extends Target {
    /** A parsed file: the bytes before the pixel data items, and the items (the basic offset table first). */
    private record Dtm(byte[] head, List<byte[]> items) {
        byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head);
            for (byte[] it : items) {
                out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0xe000fffe).putInt(it.length).array());
                out.writeBytes(it);
            }
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0xe0ddfffe).putInt(0).array());
            return out.toByteArray();
        }
    }

    DtmTarget() {
        super("dtm", "covid-mtl", 1);
    }

    private static Dtm parse(byte[] b, int maxSlices) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int p = 132;
        while (!(bb.getInt(p) == 0x00107fe0 && bb.getInt(p + 4) == -1)) {
            p++;
        }
        p += 8;
        byte[] head = Arrays.copyOf(b, p);
        List<byte[]> items = new ArrayList<>();
        while (bb.getInt(p) == 0xe000fffe && items.size() <= maxSlices) {
            int n = bb.getInt(p + 4);
            items.add(Arrays.copyOfRange(b, p + 8, p + 8 + n));
            p += 8 + n;
        }
        int slices = items.size() - 1;
        ByteBuffer bot = ByteBuffer.allocate(4 * slices).order(ByteOrder.LITTLE_ENDIAN);
        long off = 0;
        for (int k = 1; k < items.size(); k++) {
            bot.putInt((int) off);
            off += 8 + items.get(k).length;
        }
        items.set(0, bot.array());
        return new Dtm(head, items);
    }

    @Override
    FuzzCase make(Random r, int index, Path dir) throws IOException {
        boolean sample = r.nextInt(3) > 0;
        String seed = sample ? "covid-mtl/sample.dtm" : "covid-mtl/ibsi-ct-phantom.dtm (4 slices)";
        Dtm d = parse(Files.readAllBytes(Target.shared(sample ? "covid-mtl/sample.dtm" : "covid-mtl/ibsi-ct-phantom.dtm")), 4);
        List<String> what = new ArrayList<>();
        int slice = 1 + r.nextInt(d.items().size() - 1);
        byte[] png = d.items().get(slice);
        int k = r.nextInt(20);
        byte[] out;
        if (k < 6) {
            byte[] file = d.encode();
            out = ByteMutator.mutate(file, r, d.head().length + 8 * 2 + d.items().get(0).length + 64, what);
        } else if (k < 11) {
            d.items().set(slice, ihdr(png, r, what));
            out = d.encode();
        } else if (k < 13) {
            d.items().set(slice, idatBomb(png));
            what.add("zlib bomb: slice " + slice + " IDAT inflates to 256 MiB");
            out = d.encode();
        } else if (k < 14) {
            for (int s = 1; s < d.items().size(); s++) {
                d.items().set(s, declare(d.items().get(s), 16384, 16384));
            }
            what.add("declared-size bomb: every slice 16384x16384 over its own few bytes");
            out = d.encode();
        } else if (k < 17) {
            out = items(d, r, what);
        } else {
            byte[] file = d.encode();
            out = ByteMutator.mutate(file, r, d.head().length, what);
        }
        return Target.file(this, seed, dir, "case.dtm", out, what, Map.of());
    }

    private static byte[] items(Dtm d, Random r, List<String> what) {
        byte[] file = d.encode();
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int p = d.head().length;
        int which = r.nextInt(d.items().size());
        for (int i = 0; i < which; i++) {
            p += 8 + d.items().get(i).length;
        }
        switch (r.nextInt(4)) {
            case 0 -> {
                int v = ByteMutator.pick(r, 0x7fffffff, -1, -16, 0, 1, file.length);
                bb.putInt(p + 4, v);
                what.add("item " + which + " length -> " + v);
                return file;
            }
            case 1 -> {
                what.add("no sequence delimiter");
                return Arrays.copyOf(file, file.length - 8);
            }
            case 2 -> {
                List<byte[]> more = new ArrayList<>(d.items());
                for (int i = 0; i < 1000; i++) {
                    more.add(new byte[0]);
                }
                what.add("1000 empty items");
                return new Dtm(d.head(), more).encode();
            }
            default -> {
                bb.putInt(p, 0xe00dfffe);
                what.add("item " + which + " tag -> item delimiter");
                return file;
            }
        }
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The PNG with its IHDR changed; the CRC fixed unless the change is to break it. */
    private static byte[] ihdr(byte[] png, Random r, List<String> what) {
        byte[] out = png.clone();
        ByteBuffer bb = ByteBuffer.wrap(out);
        int field = r.nextInt(5);
        switch (field) {
            case 0, 1 -> {
                int v = ByteMutator.pick(r, 0, 1, 65535, 0x7fffffff, 16384, -1, 2 * bb.getInt(16 + 4 * field));
                bb.putInt(16 + 4 * field, v);
                what.add((field == 0 ? "width" : "height") + " -> " + v);
            }
            case 2 -> {
                out[24] = (byte) (int) ByteMutator.pick(r, 1, 2, 4, 8, 16, 255);
                what.add("bit depth -> " + out[24]);
            }
            case 3 -> {
                out[25] = (byte) (int) ByteMutator.pick(r, 2, 3, 4, 6, 255);
                what.add("colour type -> " + out[25]);
            }
            default -> {
                out[28] = 1;
                what.add("interlaced");
            }
        }
        if (r.nextInt(5) > 0) {
            CRC32 crc = new CRC32();
            crc.update(out, 12, 17);
            bb.putInt(29, (int) crc.getValue());
        } else {
            what.add("CRC left stale");
        }
        return out;
    }

    private static byte[] declare(byte[] png, int w, int h) {
        byte[] ihdr = Arrays.copyOfRange(png, 16, 29);
        ByteBuffer.wrap(ihdr).putInt(0, w).putInt(4, h);
        return rebuild(png, ihdr, null);
    }

    /** The PNG with its image data replaced by a zlib stream of its own rows then 256 MiB of zeros. */
    private static byte[] idatBomb(byte[] png) {
        ByteBuffer bb = ByteBuffer.wrap(png);
        int w = bb.getInt(16);
        int h = bb.getInt(20);
        int depth = png[24];
        byte[] rows = new byte[(w * depth / 8 + 1) * h];
        return rebuild(png, Arrays.copyOfRange(png, 16, 29), Compression.deflateBomb(rows, 256, false));
    }

    private static byte[] rebuild(byte[] png, byte[] ihdr, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(png, 8));
        out.writeBytes(chunk("IHDR", ihdr));
        if (idat == null) {
            // keep the original IDAT chunks
            ByteBuffer bb = ByteBuffer.wrap(png);
            int p = 8;
            while (p + 12 <= png.length) {
                int n = bb.getInt(p);
                String type = new String(png, p + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
                if (type.equals("IDAT")) {
                    out.writeBytes(Arrays.copyOfRange(png, p, p + 12 + n));
                }
                p += 12 + n;
            }
        } else {
            out.writeBytes(chunk("IDAT", idat));
        }
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }
}
