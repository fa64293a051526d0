package org.covidmtl.radiomics;

import java.util.List;

/**
 * One sub-band of PyRadiomics' wavelet image type: {@code pywt.swtn(level=1)} (stationary, periodic
 * convolution {@code out[o] = Σ_j f[j]·x[(o + F/2 − j) mod N]}), with PyRadiomics' padding — the flat
 * voxel buffer is re-shaped to even sizes ({@code ndarray.resize}: zero-filled at its end) and the result
 * cut back the same way ({@code numpy.resize}). Band letters are L (low pass) / H (high pass) along x, y, z.
 * The passes are {@link WaveletPasses}, restricted to the wanted voxels and shared between bands by
 * {@link WaveletBands}.
 */
final class Wavelet {
    static final List<String> NAMES = List.of("coif1");
    private static final double[] COIF1_LO = {-0.015655728135464540, -0.072732619512853897, 0.384864846864202860,
            0.852572020212255430, 0.337897662457809220, -0.072732619512853897};
    private static final double[] COIF1_HI = {0.072732619512853897, 0.337897662457809220, -0.852572020212255430,
            0.384864846864202860, 0.072732619512853897, -0.015655728135464540};

    private Wavelet() {
    }

    static boolean supports(String wavelet) {
        return NAMES.contains(wavelet);
    }

    /** The sub-band {@code band} (e.g. {@code LLH}) of an image of size {@code size}, on the image's grid. */
    static double[] subBand(float[] image, int[] size, String band) {
        return WaveletBands.whole(image, size).wholeValues(band);
    }

    /** The filter of band letter {@code L} (low pass) or {@code H} (high pass). */
    static double[] filter(char letter) {
        return letter == 'L' ? COIF1_LO : COIF1_HI;
    }
}
