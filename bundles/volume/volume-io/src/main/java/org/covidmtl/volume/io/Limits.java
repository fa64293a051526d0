package org.covidmtl.volume.io;

import java.util.Arrays;

import org.covidmtl.api.volume.VolumeFormatException;

/**
 * What a reader checks before it allocates for sizes a header declared: products without overflow, one Java array's
 * limit, and the bytes the read will hold against the heap free now (maximum minus used). Every failure is a typed
 * error naming the input: {@code too large: N voxels, M bytes}.
 */
public final class Limits {
    /** The most elements one Java array holds. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Limits() {
    }

    /** The product of sizes read from a header, or a typed error when one is negative or the product overflows a long. */
    public static long product(String input, String what, long... factors) {
        long p = 1;
        for (long f : factors) {
            if (f < 0) {
                throw new VolumeFormatException(input, what + " " + Arrays.toString(factors) + " has a negative value");
            }
            try {
                p = Math.multiplyExact(p, f);
            } catch (ArithmeticException e) {
                throw new VolumeFormatException(input, "too large: " + what + " " + Arrays.toString(factors) + " overflows 64 bits");
            }
        }
        return p;
    }

    /** {@code a + b} for sizes, or a typed error when it overflows. */
    public static long sum(String input, long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new VolumeFormatException(input, "too large: " + a + " + " + b + " bytes overflows 64 bits");
        }
    }

    /**
     * Checks that {@code voxels} fit one array and {@code bytes} (all the read will hold at once) fit the free heap,
     * after one collection when they do not at first.
     */
    public static void checkMemory(String input, long voxels, long bytes) {
        if (voxels > MAX_ARRAY) {
            throw tooLarge(input, voxels, bytes, "more voxels than one Java array holds");
        }
        if (bytes > available()) {
            System.gc();
            long free = available();
            if (bytes > free) {
                throw tooLarge(input, voxels, bytes, free + " bytes of memory are free (raise -Xmx)");
            }
        }
    }

    /** {@link #checkMemory} for a read of {@code voxels} voxels holding {@code bytesPerVoxel} bytes for each. */
    public static void checkVoxels(String input, long voxels, int bytesPerVoxel) {
        checkMemory(input, voxels, product(input, "voxels × bytes", voxels, bytesPerVoxel));
    }

    private static VolumeFormatException tooLarge(String input, long voxels, long bytes, String why) {
        return new VolumeFormatException(input, "too large: " + (voxels > 0 ? voxels + " voxels, " : "") + bytes + " bytes (" + why + ")");
    }

    /** Heap that can still be allocated: the maximum minus what is in use. */
    static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }
}
