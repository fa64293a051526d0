package org.covidmtl.volume.io.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.volume.io.BoundedRead;
import org.covidmtl.volume.io.IoUtil;

/** Reads the compressed frames of an encapsulated (undefined-length) Pixel Data element straight from the file. */
final class Encapsulated {
    private Encapsulated() {
    }

    static byte[][] frames(Path file, int frames) {
        byte[] b = BoundedRead.file(file.toString(), file, 0, IoUtil.size(file.toString(), file), "the file");
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int start = -1;
        for (int i = b.length - 12; i >= 132; i--) {
            if (b[i] == (byte) 0xe0 && b[i + 1] == 0x7f && b[i + 2] == 0x10 && b[i + 3] == 0x00) {
                if (b[i + 4] == 'O' && (b[i + 5] == 'B' || b[i + 5] == 'W') && bb.getInt(i + 8) == -1) {
                    start = i + 12;
                } else if (bb.getInt(i + 4) == -1) {
                    start = i + 8;
                }
                if (start > 0) {
                    break;
                }
            }
        }
        if (start < 0) {
            throw new VolumeFormatException(file.toString(), "no encapsulated pixel data found");
        }
        List<byte[]> items = new ArrayList<>();
        int p = start;
        boolean end = false;
        while (p + 8 <= b.length) {
            int g = bb.getShort(p) & 0xffff;
            int e = bb.getShort(p + 2) & 0xffff;
            long len = bb.getInt(p + 4) & 0xffffffffL;
            if (g == 0xfffe && e == 0xe0dd) {
                end = true;
                break;
            }
            if (g != 0xfffe || e != 0xe000 || p + 8 + len > b.length) {
                throw new VolumeFormatException(file.toString(), "corrupt or truncated encapsulated pixel data at byte " + p);
            }
            byte[] it = new byte[(int) len];
            System.arraycopy(b, p + 8, it, 0, (int) len);
            items.add(it);
            p += 8 + (int) len;
        }
        if (!end) {
            throw new VolumeFormatException(file.toString(), "truncated: encapsulated pixel data has no sequence delimiter");
        }
        if (items.size() < 2) {
            throw new VolumeFormatException(file.toString(), "encapsulated pixel data has no fragments");
        }
        byte[] bot = items.get(0);
        List<byte[]> frags = items.subList(1, items.size());
        if (frames == 1) {
            return new byte[][] {concat(frags)};
        }
        if (frags.size() == frames) {
            return frags.toArray(new byte[0][]);
        }
        if (bot.length >= 4 * frames) {
            ByteBuffer ob = ByteBuffer.wrap(bot).order(ByteOrder.LITTLE_ENDIAN);
            byte[][] out = new byte[frames][];
            long off = 0;
            int fi = 0;
            List<byte[]> cur = new ArrayList<>();
            int frame = 0;
            for (byte[] f : frags) {
                if (frame + 1 < frames && off >= (ob.getInt(4 * (frame + 1)) & 0xffffffffL)) {
                    out[frame++] = concat(cur);
                    cur.clear();
                }
                cur.add(f);
                off += 8 + f.length;
                fi++;
            }
            out[frame] = concat(cur);
            return out;
        }
        throw new VolumeFormatException(file.toString(), frags.size() + " fragments for " + frames + " frames and no offset table");
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = 0;
        for (byte[] x : parts) {
            n += x.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] x : parts) {
            System.arraycopy(x, 0, out, o, x.length);
            o += x.length;
        }
        return out;
    }
}
