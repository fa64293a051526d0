package org.covidmtl.radiomics;

/**
 * One axis of the stationary transform: its (even) length {@code n}, the output range {@code [lo, lo + len)}
 * that is wanted, and the input window that range needs — the filter reads {@code lo − 2 … lo + len + 2}
 * (periodic), so the window starts at {@code lo − 2} and holds {@code ext = min(n, len + 5)} coordinates.
 */
record WaveletAxis(int n, int lo, int len, int ext) {
    static WaveletAxis of(int n, int lo, int len) {
        return new WaveletAxis(n, lo, len, Math.min(n, len + 5));
    }

    /** The whole axis. */
    static WaveletAxis whole(int n) {
        return of(n, 0, n);
    }

    /** Global coordinate of input window index {@code e}. */
    int global(int e) {
        return Math.floorMod(lo - 2 + e, n);
    }

    /** Input window index holding tap {@code j} of the filter for output {@code k} (0-based in the range). */
    int tap(int k, int j) {
        return (k + 5 - j) % n;
    }

    /** {@code stride ·} {@link #tap}{@code (k, j)} for j = 0…5: where the six inputs of output k start. */
    int[] tapOffsets(int k, int stride) {
        int[] o = new int[6];
        for (int j = 0; j < 6; j++) {
            o[j] = stride * tap(k, j);
        }
        return o;
    }
}
