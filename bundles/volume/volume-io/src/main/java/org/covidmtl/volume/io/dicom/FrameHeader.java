package org.covidmtl.volume.io.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

import org.covidmtl.api.volume.VolumeFormatException;

/**
 * The image header at the start of a compressed frame, read before any codec sees the frame: JPEG and JPEG-LS
 * (the SOF marker segment), JPEG 2000 (SIZ) and RLE (the segment table). A frame whose header disagrees with the
 * data set's Rows, Columns and Samples per Pixel, declares an implausible precision or tiling, or has none, is a
 * typed error naming the file and the frame, so no codec allocates for dimensions the data set does not have.
 *
 * @param width columns
 * @param height rows
 * @param precision bits per sample
 * @param components samples per pixel
 */
record FrameHeader(int width, int height, int precision, int components) {
    /** How much of a fragment is read to find its header (JPEG application segments may come first). */
    static final int HEAD = 1 << 16;
    static final String RLE = "1.2.840.10008.1.2.5";

    /**
     * Checks the header of every compressed frame of a file against the data set: each fragment that starts a JPEG
     * or JPEG 2000 codestream (every fragment for RLE, which has one per frame).
     */
    static void check(Path file, String ts, List<long[]> fragments, PixelModule h) {
        String name = file.toString();
        if (fragments.size() < 2) {
            throw new VolumeFormatException(name, "encapsulated pixel data has no fragments");
        }
        int starts = 0;
        try (FileChannel ch = FileChannel.open(file)) {
            for (int i = 1; i < fragments.size(); i++) {
                long[] f = fragments.get(i);
                ByteBuffer b = ByteBuffer.allocate((int) Math.min(f[1], HEAD));
                ch.read(b, f[0]);
                byte[] head = codestream(b.array());
                boolean rle = ts.equals(RLE);
                if (!rle && !(head.length >= 2 && (head[0] & 0xff) == 0xff && ((head[1] & 0xff) == 0xd8 || (head[1] & 0xff) == 0x4f))) {
                    continue; // a continuation fragment
                }
                starts++;
                if (rle) {
                    rle(name, starts - 1, head, f[1], h);
                } else {
                    compare(name, starts - 1, of(name, starts - 1, head), h);
                }
            }
        } catch (IOException e) {
            throw new VolumeFormatException(name, "cannot read the compressed frames: " + e.getMessage(), e);
        }
        if (starts < h.frames()) {
            throw new VolumeFormatException(name, "NumberOfFrames is " + h.frames() + " but the pixel data holds " + starts + " compressed frames");
        }
    }

    /** The codestream of a fragment: itself, or for a JPEG 2000 codestream wrapped in JP2 boxes, what its jp2c box holds. */
    private static byte[] codestream(byte[] head) {
        if (head.length < 12 || head[0] != 0 || head[1] != 0 || head[2] != 0 || head[3] != 0x0c || head[4] != 'j' || head[5] != 'P') {
            return head;
        }
        for (int i = 12; i + 4 <= head.length; i++) {
            if (head[i] == 'j' && head[i + 1] == 'p' && head[i + 2] == '2' && head[i + 3] == 'c') {
                return java.util.Arrays.copyOfRange(head, i + 4, head.length);
            }
        }
        return head;
    }

    private static void compare(String name, int frame, FrameHeader f, PixelModule h) {
        if (f.width != h.cols() || f.height != h.rows()) {
            throw new VolumeFormatException(name, "compressed frame " + frame + " is " + f.width + "x" + f.height + ", the data set says "
                    + h.cols() + "x" + h.rows() + " (Columns x Rows)");
        }
        if (f.components != 1) {
            throw new VolumeFormatException(name, "compressed frame " + frame + " has " + f.components + " components; only grayscale is read");
        }
        if (f.precision < 1 || f.precision > Math.max(16, h.bitsAllocated())) {
            throw new VolumeFormatException(name, "compressed frame " + frame + " has a sample precision of " + f.precision + " bits");
        }
    }

    /** The header of a JPEG, JPEG-LS or JPEG 2000 codestream. */
    static FrameHeader of(String name, int frame, byte[] d) {
        ByteBuffer b = ByteBuffer.wrap(d);
        if ((d[1] & 0xff) == 0x4f) {
            // JPEG 2000: SOC then SIZ: Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz YTOsiz Csiz, Ssiz of component 0
            if (d.length < 45 || (d[2] & 0xff) != 0xff || (d[3] & 0xff) != 0x51) {
                throw new VolumeFormatException(name, "JPEG 2000 frame " + frame + " has no SIZ marker segment after SOC");
            }
            long x = b.getInt(8) & 0xffffffffL;
            long y = b.getInt(12) & 0xffffffffL;
            long x0 = b.getInt(16) & 0xffffffffL;
            long y0 = b.getInt(20) & 0xffffffffL;
            long tw = b.getInt(24) & 0xffffffffL;
            long th = b.getInt(28) & 0xffffffffL;
            long tx0 = b.getInt(32) & 0xffffffffL;
            long ty0 = b.getInt(36) & 0xffffffffL;
            if (x <= x0 || y <= y0 || tw == 0 || th == 0 || tx0 > x0 || ty0 > y0 || x - x0 > 65535 || y - y0 > 65535) {
                throw new VolumeFormatException(name, "JPEG 2000 frame " + frame + " has an inconsistent image or tile size in SIZ ("
                        + x + "x" + y + ", offset " + x0 + "," + y0 + ", tiles " + tw + "x" + th + ")");
            }
            long tiles = ((x - tx0 + tw - 1) / tw) * ((y - ty0 + th - 1) / th);
            if (tiles > 65535) {
                throw new VolumeFormatException(name, "JPEG 2000 frame " + frame + " declares " + tiles + " tiles (at most 65535)");
            }
            return new FrameHeader((int) (x - x0), (int) (y - y0), (d[42] & 0x7f) + 1, b.getShort(40) & 0xffff);
        }
        // JPEG, JPEG-LS: marker segments after SOI up to a start of frame
        int p = 2;
        while (p + 4 <= d.length) {
            if ((d[p] & 0xff) != 0xff) {
                throw new VolumeFormatException(name, "JPEG frame " + frame + ": expected a marker at byte " + p);
            }
            int m = d[p + 1] & 0xff;
            if (m == 0xff) {
                p++;
                continue;
            }
            int len = b.getShort(p + 2) & 0xffff;
            boolean sof = (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) || m == 0xf7;
            if (sof) {
                if (len < 8 || p + 10 > d.length) {
                    throw new VolumeFormatException(name, "JPEG frame " + frame + ": truncated start-of-frame segment");
                }
                return new FrameHeader(b.getShort(p + 7) & 0xffff, b.getShort(p + 5) & 0xffff, d[p + 4] & 0xff, d[p + 9] & 0xff);
            }
            if (m == 0xda || m == 0xd9 || len < 2) {
                break;
            }
            p += 2 + len;
        }
        throw new VolumeFormatException(name, "JPEG frame " + frame + " has no start-of-frame segment in its first " + d.length + " bytes");
    }

    /** An RLE frame: 1 to 15 segments, the first at byte 64, the others after it in order, all inside the fragment. */
    private static void rle(String name, int frame, byte[] d, long length, PixelModule h) {
        if (d.length < 64) {
            throw new VolumeFormatException(name, "RLE frame " + frame + " is shorter than its 64-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int segments = b.getInt(0);
        int expected = h.samplesPerPixel() * (h.bitsAllocated() / 8);
        if (segments != expected) {
            throw new VolumeFormatException(name, "RLE frame " + frame + " has " + segments + " segments, the data set needs " + expected);
        }
        long previous = 63;
        for (int s = 0; s < segments; s++) {
            long off = b.getInt(4 + 4 * s) & 0xffffffffL;
            if (off <= previous || off >= length || (s == 0 && off != 64)) {
                throw new VolumeFormatException(name, "RLE frame " + frame + ": segment " + s + " offset " + off + " is out of order or past the "
                        + length + "-byte frame");
            }
            previous = off;
        }
    }
}
