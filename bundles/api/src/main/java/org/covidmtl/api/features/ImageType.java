package org.covidmtl.api.features;

import java.util.Arrays;

/** The images features are computed on, with PyRadiomics' names. */
public enum ImageType {
    /** The image as given. */
    ORIGINAL("Original"),
    /** Undecimated (stationary) 3-D wavelet transform, 8 sub-bands per level ({@code wavelet-LLH}, ...). */
    WAVELET("Wavelet"),
    /**
     * Laplacian of Gaussian, one image per {@link ExtractionSettings#logSigma() sigma} (mm), as SimpleITK's
     * {@code LaplacianRecursiveGaussianImageFilter} normalised across scale ({@code log-sigma-1-0-mm-3D}); since 2.2.0.
     */
    LOG("LoG"),
    /** {@code x²/max|x|} ({@code square}); since 2.2.0. */
    SQUARE("Square"),
    /** {@code sign(x)·√(|x|·max|x|)} ({@code squareroot}); since 2.2.0. */
    SQUARE_ROOT("SquareRoot"),
    /** {@code sign(x)·log(|x| + 1)}, scaled to the original's max |x| ({@code logarithm}); since 2.2.0. */
    LOGARITHM("Logarithm"),
    /** {@code exp(x·log(max|x|)/max|x|)} ({@code exponential}); since 2.2.0. */
    EXPONENTIAL("Exponential"),
    /**
     * Gradient magnitude by central differences, in intensity per mm unless
     * {@link ExtractionSettings#gradientUseSpacing()} is false ({@code gradient}); since 2.2.0.
     */
    GRADIENT("Gradient");

    private final String pyRadiomicsName;

    ImageType(String pyRadiomicsName) {
        this.pyRadiomicsName = pyRadiomicsName;
    }

    /** PyRadiomics' name ({@code Original}, {@code Wavelet}, {@code LoG}, {@code Square}, ...). */
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
