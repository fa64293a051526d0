package org.covidmtl.radiomics;

import java.util.function.BinaryOperator;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Parallel accumulation over the slices of a box: chunks of slices, one accumulator each, then merged. */
final class SliceChunks {
    private SliceChunks() {
    }

    static <T> T accumulate(int nz, Supplier<T> make, ObjIntConsumer<T> slice, BinaryOperator<T> merge) {
        int chunks = Math.max(1, Math.min(nz, 4 * Runtime.getRuntime().availableProcessors()));
        return IntStream.range(0, chunks).parallel().mapToObj(c -> {
            T acc = make.get();
            for (int z = (int) ((long) c * nz / chunks); z < (int) ((long) (c + 1) * nz / chunks); z++) {
                slice.accept(acc, z);
            }
            return acc;
        }).reduce(merge).orElseThrow();
    }

    /** Element-wise sum of {@code b} into {@code a}; returns {@code a}. */
    static int[][] add(int[][] a, int[][] b) {
        for (int k = 0; k < a.length; k++) {
            for (int i = 0; i < a[k].length; i++) {
                a[k][i] += b[k][i];
            }
        }
        return a;
    }

    /** Element-wise sum of {@code b} into {@code a}; returns {@code a}. */
    static int[] add(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}
