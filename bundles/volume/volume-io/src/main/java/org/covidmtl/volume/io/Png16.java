package org.covidmtl.volume.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import com.jcraft.jzlib.Deflater;
import com.jcraft.jzlib.GZIPException;
import com.jcraft.jzlib.JZlib;

/**
 * Grayscale PNG codec for the COVID-MTL compressed format: decodes 8/16-bit grayscale, non-interlaced
 * PNGs (every filter type, CRCs checked); encodes 16-bit grayscale exactly as the reference writer does
 * (Pillow: per-row filter choice none, up, sub, paeth by least sum of absolute signed bytes; zlib
 * level 6, memLevel 9, Z_FILTERED; one IDAT), so that files are byte-identical.
 */
public final class Png16 {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** The most a deflate stream can expand: 258 bytes from about 2 bits, 1032:1. */
    static final long MAX_RATIO = 1032;

    /** A decoded image: samples row-major, unsigned. */
    public record Image(int width, int height, int[] samples) {
    }

    private Png16() {
    }

    /**
     * Decodes; throws IllegalArgumentException describing the problem. The image size in the header is checked
     * against what the compressed data can hold before anything is allocated, and the data must inflate to exactly
     * that size: a stream that inflates to more is refused (not inflated to its end).
     */
    public static Image decode(byte[] buf, int off, int len) {
        int end = off + len;
        if (len < 8 || !Arrays.equals(Arrays.copyOfRange(buf, off, off + 8), SIGNATURE)) {
            throw new IllegalArgumentException("not a PNG (bad signature)");
        }
        int p = off + 8;
        int width = -1;
        int height = -1;
        int depth = 0;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        boolean ended = false;
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (p + 12 <= end) {
            int clen = bb.getInt(p);
            if (clen < 0 || p + 12L + clen > end) {
                throw new IllegalArgumentException("PNG chunk length " + clen + " runs past the item");
            }
            String type = new String(buf, p + 4, 4, StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(buf, p + 4, 4 + clen);
            if ((int) crc.getValue() != bb.getInt(p + 8 + clen)) {
                throw new IllegalArgumentException("PNG chunk " + type + " has a bad CRC");
            }
            int d = p + 8;
            switch (type) {
                case "IHDR" -> {
                    if (clen < 13) {
                        throw new IllegalArgumentException("PNG IHDR chunk has " + clen + " of 13 bytes");
                    }
                    width = bb.getInt(d);
                    height = bb.getInt(d + 4);
                    depth = buf[d + 8] & 0xff;
                    int color = buf[d + 9] & 0xff;
                    int interlace = buf[d + 12] & 0xff;
                    if (color != 0 || (depth != 16 && depth != 8) || interlace != 0 || buf[d + 10] != 0 || buf[d + 11] != 0) {
                        throw new IllegalArgumentException("unsupported PNG: colour type " + color + ", depth " + depth
                                + ", interlace " + interlace + " (need 8/16-bit grayscale)");
                    }
                    if (width <= 0 || height <= 0 || (long) width * height > 1 << 28) {
                        throw new IllegalArgumentException("bad PNG size " + width + "x" + height);
                    }
                }
                case "IDAT" -> idat.write(buf, d, clen);
                case "IEND" -> ended = true;
                default -> {
                    if ((buf[p + 4] & 0x20) == 0) {
                        throw new IllegalArgumentException("unknown critical PNG chunk " + type);
                    }
                }
            }
            p += 12 + clen;
            if (ended) {
                break;
            }
        }
        if (width < 0) {
            throw new IllegalArgumentException("PNG has no IHDR");
        }
        if (!ended) {
            throw new IllegalArgumentException("PNG is truncated (no IEND)");
        }
        int bpp = depth / 8;
        int rowBytes = width * bpp;
        long rawLength = (rowBytes + 1L) * height;
        if (rawLength > MAX_RATIO * idat.size() + 64) {
            throw new IllegalArgumentException("PNG declares " + width + "x" + height + " but its " + idat.size()
                    + " bytes of image data cannot inflate to the " + rawLength + " bytes that needs");
        }
        byte[] raw = new byte[(int) rawLength];
        Inflater inf = new Inflater();
        try {
            inf.setInput(idat.toByteArray());
            int n = 0;
            while (n < raw.length) {
                int r = inf.inflate(raw, n, raw.length - n);
                if (r == 0) {
                    if (inf.finished() || inf.needsInput()) {
                        throw new IllegalArgumentException("PNG image data is truncated: " + n + " of " + raw.length + " bytes");
                    }
                    if (inf.needsDictionary()) {
                        throw new IllegalArgumentException("PNG zlib stream needs a dictionary");
                    }
                }
                n += r;
            }
            if (!inf.finished() && inf.inflate(new byte[1]) > 0) {
                throw new IllegalArgumentException("PNG image data inflates to more than the " + raw.length + " bytes of its "
                        + width + "x" + height + " header (a decompression bomb or a wrong header)");
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("PNG zlib stream is corrupt: " + e.getMessage());
        } finally {
            inf.end();
        }
        int[] out = new int[width * height];
        byte[] prev = new byte[rowBytes];
        byte[] cur = new byte[rowBytes];
        for (int y = 0; y < height; y++) {
            int base = y * (rowBytes + 1);
            int f = raw[base];
            System.arraycopy(raw, base + 1, cur, 0, rowBytes);
            switch (f) {
                case 0 -> { }
                case 1 -> { for (int x = bpp; x < rowBytes; x++) cur[x] += cur[x - bpp]; }
                case 2 -> { for (int x = 0; x < rowBytes; x++) cur[x] += prev[x]; }
                case 3 -> {
                    for (int x = 0; x < rowBytes; x++) {
                        int a = x >= bpp ? cur[x - bpp] & 0xff : 0;
                        cur[x] += (byte) ((a + (prev[x] & 0xff)) >>> 1);
                    }
                }
                case 4 -> {
                    for (int x = 0; x < rowBytes; x++) {
                        int a = x >= bpp ? cur[x - bpp] & 0xff : 0;
                        int c = x >= bpp ? prev[x - bpp] & 0xff : 0;
                        cur[x] += (byte) paeth(a, prev[x] & 0xff, c);
                    }
                }
                default -> throw new IllegalArgumentException("bad PNG filter type " + f + " in row " + y);
            }
            int o = y * width;
            if (bpp == 2) {
                for (int x = 0; x < width; x++) {
                    out[o + x] = ((cur[2 * x] & 0xff) << 8) | (cur[2 * x + 1] & 0xff);
                }
            } else {
                for (int x = 0; x < width; x++) {
                    out[o + x] = cur[x] & 0xff;
                }
            }
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        return new Image(width, height, out);
    }

    /** Width and height from the IHDR chunk that must follow the signature; IllegalArgumentException when there is none. */
    public static int[] size(byte[] buf, int off, int len) {
        if (len < 33 || !Arrays.equals(Arrays.copyOfRange(buf, off, off + 8), SIGNATURE)
                || !new String(buf, off + 12, 4, StandardCharsets.ISO_8859_1).equals("IHDR")) {
            throw new IllegalArgumentException("not a PNG (bad signature or no IHDR first)");
        }
        ByteBuffer bb = ByteBuffer.wrap(buf);
        return new int[] {bb.getInt(off + 16), bb.getInt(off + 20)};
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
    }

    /** Encodes 16-bit grayscale samples (0..65535, row-major) as a PNG. */
    public static byte[] encode16(int width, int height, int[] samples, int offset) {
        int rowBytes = 2 * width;
        byte[] filtered = new byte[(rowBytes + 1) * height];
        byte[] prev = new byte[rowBytes];
        byte[] cur = new byte[rowBytes];
        byte[][] cand = new byte[5][rowBytes];
        for (int y = 0; y < height; y++) {
            int o = offset + y * width;
            for (int x = 0; x < width; x++) {
                int v = samples[o + x];
                cur[2 * x] = (byte) (v >>> 8);
                cur[2 * x + 1] = (byte) v;
            }
            // Pillow's order and rule: none, then up, sub, paeth when strictly better
            int best = 0;
            long bestSum = sumAbs(cur);
            byte[] bestRow = cur;
            if (bestSum > 0) {
                byte[] up = cand[2];
                for (int x = 0; x < rowBytes; x++) {
                    up[x] = (byte) (cur[x] - prev[x]);
                }
                long s = sumAbs(up);
                if (s < bestSum) {
                    best = 2;
                    bestSum = s;
                    bestRow = up;
                }
            }
            if (bestSum > 0) {
                byte[] sub = cand[1];
                for (int x = 0; x < rowBytes; x++) {
                    sub[x] = (byte) (cur[x] - (x >= 2 ? cur[x - 2] : 0));
                }
                long s = sumAbs(sub);
                if (s < bestSum) {
                    best = 1;
                    bestSum = s;
                    bestRow = sub;
                }
            }
            if (bestSum > 0) {
                byte[] pa = cand[4];
                for (int x = 0; x < rowBytes; x++) {
                    int a = x >= 2 ? cur[x - 2] & 0xff : 0;
                    int c = x >= 2 ? prev[x - 2] & 0xff : 0;
                    pa[x] = (byte) (cur[x] - paeth(a, prev[x] & 0xff, c));
                }
                long s = sumAbs(pa);
                if (s < bestSum) {
                    best = 4;
                    bestRow = pa;
                }
            }
            int base = y * (rowBytes + 1);
            filtered[base] = (byte) best;
            System.arraycopy(bestRow, 0, filtered, base + 1, rowBytes);
            byte[] t = prev;
            prev = cur;
            cur = (t == bestRow) ? new byte[rowBytes] : t;
        }
        byte[] z = deflate(filtered);
        ByteArrayOutputStream out = new ByteArrayOutputStream(z.length + 64);
        out.writeBytes(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 16).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", z);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static long sumAbs(byte[] row) {
        long s = 0;
        for (byte b : row) {
            int v = b & 0xff;
            s += v < 128 ? v : 256 - v;
        }
        return s;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** zlib level 6, 32 KiB window, memLevel 9, Z_FILTERED — Pillow's PNG settings. */
    static byte[] deflate(byte[] data) {
        try {
            Deflater d = new Deflater(6, 15, 9);
            d.params(6, JZlib.Z_FILTERED);
            byte[] buf = new byte[data.length + data.length / 1000 + 64];
            d.setInput(data);
            d.setOutput(buf);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            while (true) {
                int r = d.deflate(JZlib.Z_FINISH);
                out.write(buf, 0, d.next_out_index);
                if (r == JZlib.Z_STREAM_END) {
                    break;
                }
                if (r != JZlib.Z_OK && r != JZlib.Z_BUF_ERROR) {
                    throw new IllegalStateException("deflate failed: " + r);
                }
                d.setOutput(buf);
            }
            d.end();
            return out.toByteArray();
        } catch (GZIPException e) {
            throw new IllegalStateException(e);
        }
    }
}
