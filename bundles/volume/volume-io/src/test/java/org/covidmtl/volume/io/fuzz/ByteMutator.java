package org.covidmtl.volume.io.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Format-blind mutations of a file's bytes: bit flips, overwrites with boundary values (0, −1, 2^31−1, …),
 * random chunks, truncation, deletion and duplication. Half of the positions fall in the first
 * {@code focus} bytes (the header), where a change reaches a reader's decisions rather than its pixels.
 */
final class ByteMutator {
    private static final long[] INTERESTING = {0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffffL, 0x80000000L,
            0xffffffffL, 0xfffffffeL};

    private ByteMutator() {
    }

    static byte[] mutate(byte[] in, Random r, int focus, List<String> what) {
        byte[] b = in;
        int ops = 1 + r.nextInt(3);
        for (int i = 0; i < ops && b.length > 0; i++) {
            b = once(b, r, focus, what);
        }
        return b;
    }

    private static int at(byte[] b, Random r, int focus) {
        int f = Math.min(focus, b.length);
        return f > 0 && r.nextBoolean() ? r.nextInt(f) : r.nextInt(b.length);
    }

    private static byte[] once(byte[] in, Random r, int focus, List<String> what) {
        int p = at(in, r, focus);
        switch (r.nextInt(6)) {
            case 0 -> {
                byte[] b = in.clone();
                int n = 1 + r.nextInt(8);
                for (int k = 0; k < n; k++) {
                    int q = Math.min(b.length - 1, p + r.nextInt(16));
                    b[q] ^= (byte) (1 << r.nextInt(8));
                }
                what.add("flip " + n + " bits near " + p);
                return b;
            }
            case 1 -> {
                byte[] b = in.clone();
                long v = INTERESTING[r.nextInt(INTERESTING.length)];
                int width = 1 << r.nextInt(3);
                boolean big = r.nextBoolean();
                for (int k = 0; k < width && p + k < b.length; k++) {
                    int shift = 8 * (big ? width - 1 - k : k);
                    b[p + k] = (byte) (v >>> shift);
                }
                what.add(String.format("write 0x%x (%d bytes, %s) at %d", v, width, big ? "BE" : "LE", p));
                return b;
            }
            case 2 -> {
                byte[] b = in.clone();
                int n = 1 + r.nextInt(64);
                for (int k = 0; k < n && p + k < b.length; k++) {
                    b[p + k] = (byte) r.nextInt(256);
                }
                what.add("random " + n + " bytes at " + p);
                return b;
            }
            case 3 -> {
                what.add("truncate to " + p + " of " + in.length);
                return Arrays.copyOf(in, p);
            }
            case 4 -> {
                int n = Math.min(in.length - p, 1 + r.nextInt(256));
                byte[] b = new byte[in.length - n];
                System.arraycopy(in, 0, b, 0, p);
                System.arraycopy(in, p + n, b, p, in.length - p - n);
                what.add("delete " + n + " bytes at " + p);
                return b;
            }
            default -> {
                int from = r.nextInt(in.length);
                int n = Math.min(in.length - from, 1 + r.nextInt(256));
                byte[] b = new byte[in.length + n];
                System.arraycopy(in, 0, b, 0, p);
                System.arraycopy(in, from, b, p, n);
                System.arraycopy(in, p, b, p + n, in.length - p);
                what.add("insert " + n + " bytes from " + from + " at " + p);
                return b;
            }
        }
    }

    /** A random element of {@code options}. */
    @SafeVarargs
    static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }
}
