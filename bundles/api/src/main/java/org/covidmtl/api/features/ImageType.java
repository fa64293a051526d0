package org.covidmtl.api.features;

import java.util.Arrays;

/** The images features are computed on, with PyRadiomics' names. */
public enum ImageType {
    /** The image as given. */
    ORIGINAL("Original"),
    /** Undecimated (stationary) 3-D wavelet transform, 8 sub-bands per level ({@code wavelet-LLH}, ...). */
    WAVELET("Wavelet");

    private final String pyRadiomicsName;

    ImageType(String pyRadiomicsName) {
        this.pyRadiomicsName = pyRadiomicsName;
    }

    /** PyRadiomics' name ({@code Original}, {@code Wavelet}). */
    public String pyRadiomicsName() {
        return pyRadiomicsName;
    }

    /** The image type with PyRadiomics' name. */
    public static ImageType of(String name) {
        return Arrays.stream(values()).filter(t -> t.pyRadiomicsName.equals(name)).findFirst()
                .orElseThrow(() -> new UnknownSettingException("imageType " + name,
                        "unknown image type; known: " + Arrays.toString(Arrays.stream(values()).map(ImageType::pyRadiomicsName).toArray())));
    }
}
