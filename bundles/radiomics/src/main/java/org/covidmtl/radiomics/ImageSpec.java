package org.covidmtl.radiomics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.ImageType;

/**
 * One image features are computed on: the original, one wavelet sub-band, one LoG width, or one of the
 * voxel-wise filters.
 *
 * @param type the image type
 * @param name PyRadiomics' image name ({@code original}, {@code wavelet-LLH}, {@code log-sigma-1-0-mm-3D},
 *        {@code square}, {@code squareroot}, {@code logarithm}, {@code exponential}, {@code gradient})
 * @param band for wavelet sub-bands, L/H per axis x, y, z ({@code LLH}); empty otherwise
 * @param sigma for LoG, the Gaussian's width in mm; 0 otherwise
 */
record ImageSpec(ImageType type, String name, String band, double sigma) {
    /** PyRadiomics' sub-band order for {@code swtn} at level 1: every detail band, then the approximation. */
    static final List<String> WAVELET_BANDS = List.of("LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL");

    ImageSpec(ImageType type, String name, String band) {
        this(type, name, band, 0);
    }

    /** The images of a type (without LoG: {@link #of(ImageType, ExtractionSettings)} knows the widths). */
    static List<ImageSpec> of(ImageType type) {
        return of(type, ExtractionSettings.builder().logSigma(List.of()).build());
    }

    /** The images of a type under the settings: one per wavelet sub-band, one per LoG sigma, else one. */
    static List<ImageSpec> of(ImageType type, ExtractionSettings s) {
        List<ImageSpec> out = new ArrayList<>();
        switch (type) {
            case ORIGINAL -> out.add(new ImageSpec(type, "original", ""));
            case WAVELET -> WAVELET_BANDS.forEach(b -> out.add(new ImageSpec(type, "wavelet-" + b, b)));
            case LOG -> s.logSigma().forEach(sigma -> out.add(new ImageSpec(type, logName(sigma), "", sigma)));
            case SQUARE, SQUARE_ROOT, LOGARITHM, EXPONENTIAL, GRADIENT ->
                out.add(new ImageSpec(type, type.pyRadiomicsName().toLowerCase(java.util.Locale.ROOT), ""));
        }
        return out;
    }

    /**
     * PyRadiomics' {@code 'log-sigma-%s-mm-3D' % str(sigma).replace('.', '-')} for a float sigma:
     * {@code 1.0 → log-sigma-1-0-mm-3D}, {@code 2.5 → log-sigma-2-5-mm-3D}. (PyRadiomics names an integer
     * sigma of a parameter file without the {@code -0}: {@code sigma: [1]} there is {@code log-sigma-1-mm-3D}.)
     */
    static String logName(double sigma) {
        String s = Double.toString(sigma);
        if (s.contains("E")) {
            s = BigDecimal.valueOf(sigma).toPlainString();
        }
        return "log-sigma-" + s.replace('.', '-') + "-mm-3D";
    }
}
