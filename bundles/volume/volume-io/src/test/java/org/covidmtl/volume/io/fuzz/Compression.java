package org.covidmtl.volume.io.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip and zlib helpers, and decompression bombs: small streams that inflate to far more than any header around
 * them declares. A gzip bomb is one member holding the real bytes followed by identical members of 64 MiB of zeros
 * each (gzip readers inflate concatenated members as one stream), so a 2 GiB bomb costs 2 MB and one deflate.
 */
final class Compression {
    static final int MEMBER = 64 << 20;
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Compression() {
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** gzip of {@code head} followed by members of zeros: inflates to {@code head.length + members · 64 MiB}. */
    static byte[] gzipBomb(byte[] head, int members) {
        byte[] zeros = CACHE.computeIfAbsent("gzip", k -> gzipZeros());
        byte[] first = gzip(head);
        byte[] out = new byte[first.length + members * zeros.length];
        System.arraycopy(first, 0, out, 0, first.length);
        for (int m = 0; m < members; m++) {
            System.arraycopy(zeros, 0, out, first.length + m * zeros.length, zeros.length);
        }
        return out;
    }

    /** A zlib ({@code nowrap} false) or raw deflate stream of {@code head} then {@code zeroMiB} MiB of zeros. */
    static byte[] deflateBomb(byte[] head, int zeroMiB, boolean nowrap) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, nowrap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        d.setInput(head);
        drain(d, buf, out);
        byte[] zero = new byte[1 << 20];
        for (int i = 0; i < zeroMiB; i++) {
            d.setInput(zero);
            drain(d, buf, out);
        }
        d.finish();
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private static void drain(Deflater d, byte[] buf, ByteArrayOutputStream out) {
        while (!d.needsInput()) {
            out.write(buf, 0, d.deflate(buf));
        }
    }

    private static byte[] gzipZeros() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            byte[] zero = new byte[1 << 20];
            for (int i = 0; i < MEMBER >> 20; i++) {
                gz.write(zero);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
