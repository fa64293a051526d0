package org.covidmtl.volume.io.dicom;

/**
 * A JPEG-LS (ITU-T T.87) decoder for single-component images, lossless and near-lossless, 2..16 bits,
 * default or LSE-preset coding parameters. Written for DICOM transfer syntaxes 1.2.840.10008.1.2.4.80
 * and .81, which neither PixelMed nor the JDK decode. Follows the standard's decoding procedure
 * (regular mode with 365 contexts, run mode with run-interruption contexts).
 */
final class JpegLsDecoder extends JpegStream {
    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15};


    // bit reader
    private int cur;
    private int bitsLeft;
    private boolean lastFF;

    private int maxval;
    private int t1;
    private int t2;
    private int t3;
    private int reset = 64;
    private int near;
    private int range;
    private int qbpp;
    private int limit;
    private final int[] a = new int[367];
    private final int[] b = new int[367];
    private final int[] c = new int[367];
    private final int[] n = new int[367];
    private final int[] nn = new int[367];
    private int runIndex;

    private JpegLsDecoder(byte[] data) {
        super(data, "JPEG-LS");
    }

    static Image decode(byte[] data) {
        return new JpegLsDecoder(data).run();
    }

    private Image run() {
        if (u8() != 0xff || u8() != 0xd8) {
            throw new IllegalArgumentException("not a JPEG stream (no SOI)");
        }
        int width = 0;
        int height = 0;
        int precision = 0;
        boolean presetT = false;
        while (true) {
            int m = u8();
            if (m != 0xff) {
                throw new IllegalArgumentException(String.format("expected a marker at byte %d, found 0x%02x", pos - 1, m));
            }
            int marker = u8();
            while (marker == 0xff) {
                marker = u8();
            }
            int len = u16();
            int end = pos + len - 2;
            switch (marker) {
                case 0xf7 -> { // SOF55
                    precision = u8();
                    height = u16();
                    width = u16();
                    int comps = u8();
                    if (comps != 1) {
                        throw new IllegalArgumentException("JPEG-LS with " + comps + " components is not supported");
                    }
                }
                case 0xf8 -> { // LSE
                    int id = u8();
                    if (id == 1) {
                        int mv = u16();
                        int p1 = u16();
                        int p2 = u16();
                        int p3 = u16();
                        int rs = u16();
                        if (mv != 0) {
                            maxval = mv;
                        }
                        if (p1 != 0 || p2 != 0 || p3 != 0) {
                            t1 = p1;
                            t2 = p2;
                            t3 = p3;
                            presetT = true;
                        }
                        if (rs != 0) {
                            reset = rs;
                        }
                    } else {
                        throw new IllegalArgumentException("JPEG-LS LSE id " + id + " (mapping tables) is not supported");
                    }
                }
                case 0xda -> { // SOS
                    int ns = u8();
                    for (int i = 0; i < ns; i++) {
                        u8();
                        u8();
                    }
                    near = u8();
                    u8(); // ILV
                    int al = u8() & 0x0f;
                    pos = end;
                    if (width <= 0 || height <= 0 || precision < 2 || precision > 16) {
                        throw new IllegalArgumentException("JPEG-LS: missing or bad SOF55 (" + width + "x" + height + ", P " + precision + ")");
                    }
                    int[] out = scan(width, height, precision, presetT);
                    if (al != 0) {
                        for (int i = 0; i < out.length; i++) {
                            out[i] <<= al;
                        }
                    }
                    return new Image(width, height, precision, out);
                }
                case 0xd9 -> throw new IllegalArgumentException("JPEG-LS: EOI before any scan");
                default -> {
                    if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xcc && marker != 0xc8) {
                        throw new IllegalArgumentException(String.format("not a JPEG-LS stream (SOF marker 0x%02x)", marker));
                    }
                }
            }
            pos = end;
        }
    }

    private int[] scan(int w, int h, int precision, boolean presetT) {
        if (maxval == 0) {
            maxval = (1 << precision) - 1;
        }
        if (!presetT) {
            if (maxval >= 128) {
                int factor = (Math.min(maxval, 4095) + 128) >> 8;
                t1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1, maxval);
                t2 = clamp(factor * (7 - 3) + 3 + 5 * near, t1, maxval);
                t3 = clamp(factor * (21 - 4) + 4 + 7 * near, t2, maxval);
            } else {
                int factor = 256 / (maxval + 1);
                t1 = clamp(Math.max(2, 3 / factor + 3 * near), near + 1, maxval);
                t2 = clamp(Math.max(3, 7 / factor + 5 * near), t1, maxval);
                t3 = clamp(Math.max(4, 21 / factor + 7 * near), t2, maxval);
            }
        }
        range = (maxval + 2 * near) / (2 * near + 1) + 1;
        qbpp = ceilLog2(range);
        int bpp = Math.max(2, ceilLog2(maxval + 1));
        limit = 2 * (bpp + Math.max(8, bpp));
        int aInit = Math.max(2, (range + 32) / 64);
        for (int i = 0; i < 367; i++) {
            a[i] = aInit;
            n[i] = 1;
        }
        int[] out = new int[w * h];
        int[] prev = new int[w + 2];
        int[] line = new int[w + 2];
        for (int y = 0; y < h; y++) {
            prev[w + 1] = prev[w];
            line[0] = prev[1];
            int x = 1;
            while (x <= w) {
                int ra = line[x - 1];
                int rb = prev[x];
                int rc = prev[x - 1];
                int rd = prev[x + 1];
                int d1 = rd - rb;
                int d2 = rb - rc;
                int d3 = rc - ra;
                if (Math.abs(d1) <= near && Math.abs(d2) <= near && Math.abs(d3) <= near) {
                    x += runMode(line, prev, x, w);
                } else {
                    line[x] = regular(ra, rb, rc, d1, d2, d3);
                    x++;
                }
            }
            System.arraycopy(line, 1, out, y * w, w);
            int[] t = prev;
            prev = line;
            line = t;
        }
        return out;
    }

    private int quantize(int di) {
        if (di <= -t3) {
            return -4;
        }
        if (di <= -t2) {
            return -3;
        }
        if (di <= -t1) {
            return -2;
        }
        if (di < -near) {
            return -1;
        }
        if (di <= near) {
            return 0;
        }
        if (di < t1) {
            return 1;
        }
        if (di < t2) {
            return 2;
        }
        if (di < t3) {
            return 3;
        }
        return 4;
    }

    private int regular(int ra, int rb, int rc, int d1, int d2, int d3) {
        int q = 81 * quantize(d1) + 9 * quantize(d2) + quantize(d3);
        int sign = 1;
        if (q < 0) {
            sign = -1;
            q = -q;
        }
        int px;
        if (rc >= Math.max(ra, rb)) {
            px = Math.min(ra, rb);
        } else if (rc <= Math.min(ra, rb)) {
            px = Math.max(ra, rb);
        } else {
            px = ra + rb - rc;
        }
        px += sign * c[q];
        px = px < 0 ? 0 : (px > maxval ? maxval : px);
        int k = 0;
        while ((n[q] << k) < a[q]) {
            k++;
        }
        int m = decodeValue(k, limit);
        int err = (m >>> 1) ^ -(m & 1);
        if (k == 0 && near == 0 && 2 * b[q] + n[q] - 1 < 0) {
            err = ~err;
        }
        // context update
        a[q] += Math.abs(err);
        b[q] += err * (2 * near + 1);
        if (n[q] == reset) {
            a[q] >>= 1;
            b[q] >>= 1;
            n[q] >>= 1;
        }
        n[q]++;
        if (b[q] + n[q] <= 0) {
            b[q] += n[q];
            if (b[q] <= -n[q]) {
                b[q] = -n[q] + 1;
            }
            if (c[q] > -128) {
                c[q]--;
            }
        } else if (b[q] > 0) {
            b[q] -= n[q];
            if (b[q] > 0) {
                b[q] = 0;
            }
            if (c[q] < 127) {
                c[q]++;
            }
        }
        return reconstruct(px, sign * err);
    }

    private int reconstruct(int px, int err) {
        int v = px + err * (2 * near + 1);
        if (v < -near) {
            v += range * (2 * near + 1);
        } else if (v > maxval + near) {
            v -= range * (2 * near + 1);
        }
        return v < 0 ? 0 : (v > maxval ? maxval : v);
    }

    /** Run mode starting at x (1-based in line); returns the number of samples produced. */
    private int runMode(int[] line, int[] prev, int x, int w) {
        int ra = line[x - 1];
        int remaining = w - x + 1;
        int count = 0;
        while (readBit() == 1) {
            int len = Math.min(1 << J[runIndex], remaining - count);
            count += len;
            if (len == (1 << J[runIndex]) && runIndex < 31) {
                runIndex++;
            }
            if (count == remaining) {
                break;
            }
        }
        if (count != remaining) {
            count += J[runIndex] > 0 ? readBits(J[runIndex]) : 0;
        }
        if (count > remaining) {
            throw new IllegalArgumentException("JPEG-LS run past the end of the line");
        }
        for (int i = 0; i < count; i++) {
            line[x + i] = ra;
        }
        if (count == remaining) {
            return count;
        }
        int xi = x + count;
        int rb = prev[xi];
        int v;
        if (Math.abs(ra - rb) <= near) {
            v = reconstruct(ra, riError(366, 1));
        } else {
            int e = riError(365, 0);
            v = reconstruct(rb, rb > ra ? e : -e);
        }
        line[xi] = v;
        if (runIndex > 0) {
            runIndex--;
        }
        return count + 1;
    }

    private int riError(int q, int riType) {
        int temp = a[q] + (n[q] >> 1) * riType;
        int k = 0;
        int ntest = n[q];
        while (ntest < temp) {
            ntest <<= 1;
            k++;
        }
        int em = decodeValue(k, limit - J[runIndex] - 1);
        int t = em + riType;
        int map = t & 1;
        int abs = (t + map) / 2;
        int err = ((k != 0 || 2 * nn[q] >= n[q]) == (map == 1)) ? -abs : abs;
        if (err < 0) {
            nn[q]++;
        }
        a[q] += (em + 1 - riType) >> 1;
        if (n[q] == reset) {
            a[q] >>= 1;
            n[q] >>= 1;
            nn[q] >>= 1;
        }
        n[q]++;
        return err;
    }

    private int decodeValue(int k, int lim) {
        int high = 0;
        while (readBit() == 0) {
            high++;
            if (high > 65536) {
                throw new IllegalArgumentException("JPEG-LS: corrupt Golomb code");
            }
        }
        if (high >= lim - (qbpp + 1)) {
            return readBits(qbpp) + 1;
        }
        if (k == 0) {
            return high;
        }
        return (high << k) | readBits(k);
    }

    private int readBits(int k) {
        int v = 0;
        for (int i = 0; i < k; i++) {
            v = (v << 1) | readBit();
        }
        return v;
    }

    private int readBit() {
        if (bitsLeft == 0) {
            if (pos >= d.length) {
                throw new IllegalArgumentException("JPEG-LS scan truncated");
            }
            int next = d[pos++] & 0xff;
            if (lastFF) {
                if ((next & 0x80) != 0) {
                    throw new IllegalArgumentException("JPEG-LS scan ended early (marker inside the scan data)");
                }
                cur = next;
                bitsLeft = 7;
            } else {
                cur = next;
                bitsLeft = 8;
            }
            lastFF = next == 0xff;
        }
        bitsLeft--;
        return (cur >>> bitsLeft) & 1;
    }

    private static int clamp(int v, int lo, int hi) {
        return v > hi || v < lo ? lo : v;
    }

    private static int ceilLog2(int v) {
        int k = 0;
        while ((1 << k) < v) {
            k++;
        }
        return k;
    }
}
