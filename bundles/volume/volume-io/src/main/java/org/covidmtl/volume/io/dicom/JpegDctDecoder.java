package org.covidmtl.volume.io.dicom;

/**
 * A DCT JPEG decoder for single-component (grayscale) images with 8- or 12-bit precision: baseline,
 * extended sequential (SOF1) and progressive (SOF2: spectral selection and successive approximation),
 * Huffman coded, with restart intervals. Written for DICOM transfer syntaxes 1.2.840.10008.1.2.4.51,
 * .53 and .55 with 12-bit data, which the JDK's JPEG reader refuses. IDCT in double precision, rounded.
 */
final class JpegDctDecoder extends JpegStream {

    private static final int[] ZIGZAG = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
            13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60,
            61, 54, 47, 55, 62, 63};

    /** Canonical Huffman table: lookup by (length, code). */
    private static final class Huffman {
        final int[] maxcode = new int[18];
        final int[] valptr = new int[17];
        final int[] mincode = new int[17];
        final int[] values;

        Huffman(int[] counts, int[] values) {
            this.values = values;
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                valptr[l] = k;
                mincode[l] = code;
                code += counts[l - 1];
                k += counts[l - 1];
                maxcode[l] = counts[l - 1] > 0 ? code - 1 : -1;
                code <<= 1;
            }
            maxcode[17] = Integer.MAX_VALUE;
        }
    }

    private final int[][] qt = new int[4][64];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private int restartInterval;
    // bit reader
    private int bitBuf;
    private int bitCount;
    private boolean hitMarker;

    private int width;
    private int height;
    private int precision;
    private int compId;
    private int quantIdx;
    private boolean progressive;
    private int blocksPerLine;
    private int blocksPerColumn;
    private int[][] coeffs;
    private int eobrun;

    private JpegDctDecoder(byte[] d) {
        super(d, "JPEG");
    }

    static Image decode(byte[] data) {
        return new JpegDctDecoder(data).run();
    }

    private Image run() {
        if (u8() != 0xff || u8() != 0xd8) {
            throw new IllegalArgumentException("not a JPEG stream (no SOI)");
        }
        boolean frame = false;
        while (true) {
            int m = u8();
            if (m != 0xff) {
                throw new IllegalArgumentException(String.format("expected a marker at byte %d", pos - 1));
            }
            int marker = u8();
            while (marker == 0xff) {
                marker = u8();
            }
            if (marker == 0xd9) {
                break;
            }
            if (marker >= 0xd0 && marker <= 0xd7) {
                continue;
            }
            int len = u16();
            int end = pos + len - 2;
            switch (marker) {
                case 0xdb -> {
                    while (pos < end) {
                        int pq = u8();
                        int tq = pq & 15;
                        boolean sixteen = (pq >> 4) != 0;
                        for (int i = 0; i < 64; i++) {
                            qt[tq][ZIGZAG[i]] = sixteen ? u16() : u8();
                        }
                    }
                }
                case 0xc4 -> {
                    while (pos < end) {
                        int tc = u8();
                        int[] counts = new int[16];
                        int total = 0;
                        for (int i = 0; i < 16; i++) {
                            counts[i] = u8();
                            total += counts[i];
                        }
                        int[] vals = new int[total];
                        for (int i = 0; i < total; i++) {
                            vals[i] = u8();
                        }
                        Huffman h = new Huffman(counts, vals);
                        if ((tc >> 4) == 0) {
                            dcTables[tc & 15] = h;
                        } else {
                            acTables[tc & 15] = h;
                        }
                    }
                }
                case 0xdd -> restartInterval = u16();
                case 0xc0, 0xc1, 0xc2 -> {
                    progressive = marker == 0xc2;
                    precision = u8();
                    height = u16();
                    width = u16();
                    int nc = u8();
                    if (nc != 1) {
                        throw new IllegalArgumentException("JPEG with " + nc + " components is not supported here");
                    }
                    compId = u8();
                    u8(); // sampling factors (1x1 for one component)
                    quantIdx = u8() & 3;
                    if (precision != 8 && precision != 12) {
                        throw new IllegalArgumentException("JPEG precision " + precision);
                    }
                    if (width <= 0 || height <= 0) {
                        throw new IllegalArgumentException("JPEG size " + width + "x" + height);
                    }
                    blocksPerLine = (width + 7) / 8;
                    blocksPerColumn = (height + 7) / 8;
                    coeffs = new int[blocksPerLine * blocksPerColumn][64];
                    frame = true;
                }
                case 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf ->
                        throw new IllegalArgumentException(String.format("unsupported JPEG process (SOF 0x%02x)", marker));
                case 0xda -> {
                    if (!frame) {
                        throw new IllegalArgumentException("JPEG scan before the frame header");
                    }
                    int ns = u8();
                    int tables = 0;
                    for (int i = 0; i < ns; i++) {
                        u8();
                        tables = u8();
                    }
                    int ss = u8();
                    int se = u8();
                    int ah = u8();
                    int al = ah & 15;
                    ah >>= 4;
                    pos = end;
                    scan(dcTables[tables >> 4], acTables[tables & 15], ss, se, ah, al);
                    continue;
                }
                default -> {
                }
            }
            pos = end;
        }
        if (!frame) {
            throw new IllegalArgumentException("JPEG without a frame");
        }
        return new Image(width, height, precision, output());
    }

    private void resetBits() {
        bitBuf = 0;
        bitCount = 0;
        hitMarker = false;
    }

    private int readBit() {
        if (bitCount == 0) {
            if (hitMarker || pos >= d.length) {
                // past the scan's end: feed zeros (as libjpeg does) and let the caller finish
                hitMarker = true;
                return 0;
            }
            int b = d[pos] & 0xff;
            if (b == 0xff) {
                int nxt = pos + 1 < d.length ? d[pos + 1] & 0xff : 0xd9;
                if (nxt == 0) {
                    pos += 2;
                } else {
                    hitMarker = true;
                    return 0;
                }
            } else {
                pos++;
            }
            bitBuf = b;
            bitCount = 8;
        }
        bitCount--;
        return (bitBuf >> bitCount) & 1;
    }

    private int receive(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | readBit();
        }
        return v;
    }

    private int receiveExtend(int n) {
        if (n == 0) {
            return 0;
        }
        if (n == 1) {
            return readBit() == 1 ? 1 : -1;
        }
        int v = receive(n);
        return v >= 1 << (n - 1) ? v : v + (-1 << n) + 1;
    }

    private int decodeHuffman(Huffman h) {
        if (h == null) {
            throw new IllegalArgumentException("JPEG scan uses an undefined Huffman table");
        }
        int code = readBit();
        int l = 1;
        while (code > h.maxcode[l]) {
            code = (code << 1) | readBit();
            l++;
            if (l > 16) {
                throw new IllegalArgumentException("corrupt JPEG Huffman code");
            }
        }
        return h.values[h.valptr[l] + code - h.mincode[l]];
    }

    private int pred;
    private int successiveState;
    private int successiveRun;
    private int successiveZigZag;
    private int successiveValue;

    private void scan(Huffman dc, Huffman ac, int ss, int se, int ah, int al) {
        resetBits();
        pred = 0;
        eobrun = 0;
        successiveState = 0;
        int total = blocksPerLine * blocksPerColumn;
        int interval = restartInterval > 0 ? restartInterval : total;
        int n = 0;
        while (n < total) {
            for (int i = 0; i < interval && n < total; i++, n++) {
                int[] blk = coeffs[n];
                if (!progressive) {
                    baseline(blk, dc, ac);
                } else if (ss == 0) {
                    if (ah == 0) {
                        int t = decodeHuffman(dc);
                        int diff = t == 0 ? 0 : receiveExtend(t);
                        pred += diff;
                        blk[0] = pred << al;
                    } else if (readBit() == 1) {
                        blk[0] |= 1 << al;
                    }
                } else if (ah == 0) {
                    acFirst(blk, ac, ss, se, al);
                } else {
                    acSuccessive(blk, ac, ss, se, al);
                }
            }
            if (n >= total) {
                break;
            }
            // restart marker
            bitCount = 0;
            hitMarker = false;
            while (pos + 1 < d.length && !((d[pos] & 0xff) == 0xff && (d[pos + 1] & 0xff) >= 0xd0 && (d[pos + 1] & 0xff) <= 0xd7)) {
                pos++;
            }
            if (pos + 1 >= d.length) {
                throw new IllegalArgumentException("JPEG: missing restart marker");
            }
            pos += 2;
            resetBits();
            pred = 0;
            eobrun = 0;
            successiveState = 0;
        }
        // skip to the next marker
        bitCount = 0;
        while (pos + 1 < d.length && !((d[pos] & 0xff) == 0xff && (d[pos + 1] & 0xff) != 0 && (d[pos + 1] & 0xff) != 0xff)) {
            pos++;
        }
        if (pos + 1 >= d.length) {
            throw new IllegalArgumentException("JPEG stream truncated (no EOI)");
        }
    }

    private void baseline(int[] blk, Huffman dc, Huffman ac) {
        int t = decodeHuffman(dc);
        int diff = t == 0 ? 0 : receiveExtend(t);
        pred += diff;
        blk[0] = pred;
        int k = 1;
        while (k < 64) {
            int rs = decodeHuffman(ac);
            int s = rs & 15;
            int r = rs >> 4;
            if (s == 0) {
                if (r < 15) {
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) {
                throw new IllegalArgumentException("corrupt JPEG block (coefficient index past 63)");
            }
            blk[ZIGZAG[k]] = receiveExtend(s);
            k++;
        }
    }

    private void acFirst(int[] blk, Huffman ac, int ss, int se, int al) {
        if (eobrun > 0) {
            eobrun--;
            return;
        }
        int k = ss;
        while (k <= se) {
            int rs = decodeHuffman(ac);
            int s = rs & 15;
            int r = rs >> 4;
            if (s == 0) {
                if (r < 15) {
                    eobrun = receive(r) + (1 << r) - 1;
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) {
                throw new IllegalArgumentException("corrupt JPEG block (coefficient index past 63)");
            }
            blk[ZIGZAG[k]] = receiveExtend(s) * (1 << al);
            k++;
        }
    }

    /** Successive approximation refinement of AC coefficients (after pdf.js's state machine). */
    private void acSuccessive(int[] blk, Huffman ac, int ss, int se, int al) {
        int k = ss;
        int e = se;
        int r = 0;
        while (k <= e) {
            int z = ZIGZAG[k];
            switch (successiveState) {
                case 0 -> {
                    int rs = decodeHuffman(ac);
                    int s = rs & 15;
                    r = rs >> 4;
                    if (s == 0) {
                        if (r < 15) {
                            eobrun = receive(r) + (1 << r);
                            successiveState = 4;
                        } else {
                            r = 16;
                            successiveState = 1;
                        }
                    } else {
                        if (s != 1) {
                            throw new IllegalArgumentException("corrupt JPEG refinement scan");
                        }
                        successiveValue = receiveExtend(s);
                        successiveState = r != 0 ? 2 : 3;
                    }
                    successiveRun = r;
                    continue;
                }
                case 1, 2 -> {
                    if (blk[z] != 0) {
                        blk[z] += (readBit() << al) * (blk[z] >= 0 ? 1 : -1);
                    } else {
                        successiveRun--;
                        if (successiveRun == 0) {
                            successiveState = successiveState == 2 ? 3 : 0;
                        }
                    }
                }
                case 3 -> {
                    if (blk[z] != 0) {
                        blk[z] += (readBit() << al) * (blk[z] >= 0 ? 1 : -1);
                    } else {
                        blk[z] = successiveValue << al;
                        successiveState = 0;
                    }
                }
                case 4 -> {
                    if (blk[z] != 0) {
                        blk[z] += (readBit() << al) * (blk[z] >= 0 ? 1 : -1);
                    }
                }
                default -> throw new IllegalStateException();
            }
            k++;
        }
        if (successiveState == 4) {
            eobrun--;
            if (eobrun == 0) {
                successiveState = 0;
            }
        }
    }

    private static final double[][] COS = new double[8][8];

    static {
        for (int x = 0; x < 8; x++) {
            for (int u = 0; u < 8; u++) {
                COS[x][u] = (u == 0 ? Math.sqrt(0.5) : 1) * Math.cos((2 * x + 1) * u * Math.PI / 16) / 2;
            }
        }
    }

    private int[] output() {
        int[] q = qt[quantIdx];
        int maxv = (1 << precision) - 1;
        int shift = 1 << (precision - 1);
        int[] out = new int[width * height];
        double[] tmp = new double[64];
        double[] deq = new double[64];
        for (int by = 0; by < blocksPerColumn; by++) {
            for (int bx = 0; bx < blocksPerLine; bx++) {
                int[] blk = coeffs[by * blocksPerLine + bx];
                for (int i = 0; i < 64; i++) {
                    deq[i] = blk[i] * (double) q[i];
                }
                // rows then columns
                for (int v = 0; v < 8; v++) {
                    for (int x = 0; x < 8; x++) {
                        double s = 0;
                        for (int u = 0; u < 8; u++) {
                            s += COS[x][u] * deq[v * 8 + u];
                        }
                        tmp[v * 8 + x] = s;
                    }
                }
                for (int x = 0; x < 8; x++) {
                    for (int y = 0; y < 8; y++) {
                        double s = 0;
                        for (int v = 0; v < 8; v++) {
                            s += COS[y][v] * tmp[v * 8 + x];
                        }
                        int px = bx * 8 + x;
                        int py = by * 8 + y;
                        if (px < width && py < height) {
                            long val = Math.round(s) + shift;
                            out[py * width + px] = (int) (val < 0 ? 0 : (val > maxv ? maxv : val));
                        }
                    }
                }
            }
        }
        return out;
    }
}
