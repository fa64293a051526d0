package org.covidmtl.radiomics;

import java.util.ArrayList;
import java.util.List;

import org.covidmtl.api.features.ImageType;

/**
 * One image features are computed on: the original, or one wavelet sub-band.
 *
 * @param type the image type
 * @param name PyRadiomics' image name ({@code original}, {@code wavelet-LLH})
 * @param band for wavelet sub-bands, L/H per axis x, y, z ({@code LLH}); empty for the original
 */
record ImageSpec(ImageType type, String name, String band) {
    /** PyRadiomics' sub-band order for {@code swtn} at level 1: every detail band, then the approximation. */
    static final List<String> WAVELET_BANDS = List.of("LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL");

    static List<ImageSpec> of(ImageType type) {
        List<ImageSpec> out = new ArrayList<>();
        switch (type) {
            case ORIGINAL -> out.add(new ImageSpec(type, "original", ""));
            case WAVELET -> WAVELET_BANDS.forEach(b -> out.add(new ImageSpec(type, "wavelet-" + b, b)));
        }
        return out;
    }
}
