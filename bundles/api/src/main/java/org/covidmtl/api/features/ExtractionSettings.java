package org.covidmtl.api.features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable, validated extraction settings, PyRadiomics' meaning and defaults (names in brackets).
 *
 * @param features per image type, in order, the enabled feature classes in order, each with the enabled
 *        feature names in order (an empty list enables every feature of the class in the provider's
 *        order) [imageType, featureClass]
 * @param binWidth fixed bin width of the discretisation, used when {@code binCount} is null [binWidth, 25]
 * @param binCount fixed bin count, or null [binCount]
 * @param label the mask label to measure [label, 1]
 * @param voxelArrayShift added to intensities in Energy, TotalEnergy, RootMeanSquared [voxelArrayShift, 0]
 * @param resegmentRange empty, or [min] or [min, max]: voxels outside leave the region [resegmentRange]
 * @param resampledSpacing empty, or 3 spacings in mm to resample to before extraction, 0 keeping an axis' spacing
 *        (since 2.1.0) [resampledPixelSpacing]
 * @param wavelet the wavelet of {@link ImageType#WAVELET} [wavelet, coif1]
 * @param waveletLevel decomposition levels of {@link ImageType#WAVELET} [level, 1]
 * @param nameStyle how names are formed
 * @param processing image and mask preparation where PyRadiomics and the IBSI differ (interpolators, grid
 *        alignment, intensity rounding, bin lower bound, force2D, resegmentShape); since 2.1.0
 * @param logSigma the Gaussian widths in mm of {@link ImageType#LOG}, each &gt; 0, one image per value, in order;
 *        required (not empty) when LoG is enabled; since 2.2.0 [sigma]
 * @param gradientUseSpacing {@link ImageType#GRADIENT} in intensity per mm (true) or per voxel; since 2.2.0
 *        [gradientUseSpacing, true]
 * @param hog the HOG features of one axial slice ({@link HogSettings}), or null for none; since 2.3.0
 *        [featureClass: hog]. With HOG, {@code features} may be empty (HOG alone).
 */
public record ExtractionSettings(Map<ImageType, Map<FeatureClass, List<String>>> features, double binWidth,
        Integer binCount, int label, double voxelArrayShift, List<Double> resegmentRange, List<Double> resampledSpacing,
        String wavelet, int waveletLevel, NameStyle nameStyle, ImageProcessing processing, List<Double> logSigma,
        boolean gradientUseSpacing, HogSettings hog) {

    /** The 2.2.0 constructor: no HOG. */
    public ExtractionSettings(Map<ImageType, Map<FeatureClass, List<String>>> features, double binWidth,
            Integer binCount, int label, double voxelArrayShift, List<Double> resegmentRange, List<Double> resampledSpacing,
            String wavelet, int waveletLevel, NameStyle nameStyle, ImageProcessing processing, List<Double> logSigma,
            boolean gradientUseSpacing) {
        this(features, binWidth, binCount, label, voxelArrayShift, resegmentRange, resampledSpacing, wavelet, waveletLevel,
                nameStyle, processing, logSigma, gradientUseSpacing, null);
    }

    /** The 2.1.0 constructor: no LoG sigma, gradient per mm. */
    public ExtractionSettings(Map<ImageType, Map<FeatureClass, List<String>>> features, double binWidth,
            Integer binCount, int label, double voxelArrayShift, List<Double> resegmentRange, List<Double> resampledSpacing,
            String wavelet, int waveletLevel, NameStyle nameStyle, ImageProcessing processing) {
        this(features, binWidth, binCount, label, voxelArrayShift, resegmentRange, resampledSpacing, wavelet, waveletLevel,
                nameStyle, processing, List.of(), true);
    }

    /** The 2.0.0 constructor: {@link ImageProcessing#PYRADIOMICS} processing. */
    public ExtractionSettings(Map<ImageType, Map<FeatureClass, List<String>>> features, double binWidth,
            Integer binCount, int label, double voxelArrayShift, List<Double> resegmentRange, List<Double> resampledSpacing,
            String wavelet, int waveletLevel, NameStyle nameStyle) {
        this(features, binWidth, binCount, label, voxelArrayShift, resegmentRange, resampledSpacing, wavelet, waveletLevel,
                nameStyle, ImageProcessing.PYRADIOMICS);
    }

    public ExtractionSettings {
        if ((features == null || features.isEmpty()) && hog == null) {
            throw new InvalidSettingException("imageType", "no image type enabled");
        }
        if (features == null) {
            features = Map.of();
        }
        Map<ImageType, Map<FeatureClass, List<String>>> f = new LinkedHashMap<>();
        features.forEach((type, classes) -> {
            if (classes == null || classes.isEmpty()) {
                throw new InvalidSettingException("featureClass", "no feature class enabled for image type " + type.pyRadiomicsName());
            }
            Map<FeatureClass, List<String>> c = new LinkedHashMap<>();
            classes.forEach((cls, names) -> c.put(cls, names == null ? List.of() : List.copyOf(names)));
            f.put(type, Collections.unmodifiableMap(c));
        });
        features = Collections.unmodifiableMap(f);
        if (!(binWidth > 0) || !Double.isFinite(binWidth)) {
            throw new InvalidSettingException("binWidth", "must be a positive number, is " + binWidth);
        }
        if (binCount != null && binCount < 1) {
            throw new InvalidSettingException("binCount", "must be at least 1, is " + binCount);
        }
        if (label < 1 || label > 255) {
            throw new InvalidSettingException("label", "must be in 1..255, is " + label);
        }
        if (!Double.isFinite(voxelArrayShift)) {
            throw new InvalidSettingException("voxelArrayShift", "must be finite, is " + voxelArrayShift);
        }
        resegmentRange = resegmentRange == null ? List.of() : List.copyOf(resegmentRange);
        if (resegmentRange.size() > 2 || (resegmentRange.size() == 2 && !(resegmentRange.get(0) <= resegmentRange.get(1)))) {
            throw new InvalidSettingException("resegmentRange", "must be [min] or [min, max] with min <= max, is " + resegmentRange);
        }
        resampledSpacing = resampledSpacing == null ? List.of() : List.copyOf(resampledSpacing);
        if (!resampledSpacing.isEmpty() && (resampledSpacing.size() != 3
                || resampledSpacing.stream().anyMatch(s -> !(s >= 0) || !Double.isFinite(s)))) {
            throw new InvalidSettingException("resampledPixelSpacing", "must be 3 spacings >= 0 (0 keeps the axis' spacing), is "
                    + resampledSpacing);
        }
        if (wavelet == null || wavelet.isBlank()) {
            throw new InvalidSettingException("wavelet", "must name a wavelet");
        }
        if (waveletLevel < 1) {
            throw new InvalidSettingException("level", "must be at least 1, is " + waveletLevel);
        }
        if (nameStyle == null) {
            throw new InvalidSettingException("nameStyle", "must be given");
        }
        if (processing == null) {
            processing = ImageProcessing.PYRADIOMICS;
        }
        logSigma = logSigma == null ? List.of() : List.copyOf(logSigma);
        for (Double sigma : logSigma) {
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new InvalidSettingException("sigma", "LoG sigma must be a width in mm > 0, is " + sigma);
            }
        }
        if (features.containsKey(ImageType.LOG) && logSigma.isEmpty()) {
            throw new InvalidSettingException("sigma", "image type LoG needs at least one sigma (mm)");
        }
    }

    /** PyRadiomics' defaults: original image, every feature of first order, GLCM, GLRLM, GLSZM, bin width 25. */
    public static ExtractionSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.features.putAll(features);
        b.binWidth = binWidth;
        b.binCount = binCount;
        b.label = label;
        b.voxelArrayShift = voxelArrayShift;
        b.resegmentRange = resegmentRange;
        b.resampledSpacing = resampledSpacing;
        b.wavelet = wavelet;
        b.waveletLevel = waveletLevel;
        b.nameStyle = nameStyle;
        b.processing = processing;
        b.logSigma = logSigma;
        b.gradientUseSpacing = gradientUseSpacing;
        b.hog = hog;
        return b;
    }

    /** The enabled image types, in order. */
    public List<ImageType> imageTypes() {
        return List.copyOf(features.keySet());
    }

    /** Builds {@link ExtractionSettings}; unset values keep PyRadiomics' defaults. */
    public static final class Builder {
        private final Map<ImageType, Map<FeatureClass, List<String>>> features = new LinkedHashMap<>();
        private double binWidth = 25;
        private Integer binCount;
        private int label = 1;
        private double voxelArrayShift;
        private List<Double> resegmentRange = List.of();
        private List<Double> resampledSpacing = List.of();
        private String wavelet = "coif1";
        private int waveletLevel = 1;
        private NameStyle nameStyle = NameStyle.PYRADIOMICS;
        private ImageProcessing processing = ImageProcessing.PYRADIOMICS;
        private List<Double> logSigma = List.of();
        private boolean gradientUseSpacing = true;
        private HogSettings hog;

        private Builder() {
        }

        /** Enables features of a class on an image type ({@code names} empty: all of the class), after those enabled so far. */
        public Builder enable(ImageType type, FeatureClass cls, List<String> names) {
            Map<FeatureClass, List<String>> m = new LinkedHashMap<>(features.getOrDefault(type, Map.of()));
            m.put(cls, List.copyOf(names));
            features.put(type, m);
            return this;
        }

        /** Enables every feature of the classes on an image type. */
        public Builder enable(ImageType type, FeatureClass... classes) {
            for (FeatureClass c : classes) {
                enable(type, c, List.of());
            }
            return this;
        }

        /** Disables an image type. */
        public Builder disable(ImageType type) {
            features.remove(type);
            return this;
        }

        public Builder binWidth(double v) {
            binWidth = v;
            binCount = null;
            return this;
        }

        public Builder binCount(Integer v) {
            binCount = v;
            return this;
        }

        public Builder label(int v) {
            label = v;
            return this;
        }

        public Builder voxelArrayShift(double v) {
            voxelArrayShift = v;
            return this;
        }

        public Builder resegmentRange(List<Double> v) {
            resegmentRange = v;
            return this;
        }

        public Builder resampledSpacing(List<Double> v) {
            resampledSpacing = v;
            return this;
        }

        public Builder wavelet(String v) {
            wavelet = v;
            return this;
        }

        public Builder waveletLevel(int v) {
            waveletLevel = v;
            return this;
        }

        public Builder nameStyle(NameStyle v) {
            nameStyle = v;
            return this;
        }

        /** Image and mask preparation ({@link ImageProcessing#PYRADIOMICS} unless set); since 2.1.0. */
        public Builder processing(ImageProcessing v) {
            processing = v;
            return this;
        }

        /** The widths in mm of the LoG images [sigma]; since 2.2.0. */
        public Builder logSigma(List<Double> v) {
            logSigma = v;
            return this;
        }

        /** Gradient magnitude per mm (true, the default) or per voxel [gradientUseSpacing]; since 2.2.0. */
        public Builder gradientUseSpacing(boolean v) {
            gradientUseSpacing = v;
            return this;
        }

        /** The HOG features of one axial slice, or null for none [featureClass: hog]; since 2.3.0. */
        public Builder hog(HogSettings v) {
            hog = v;
            return this;
        }

        /**
         * Validates and builds; with no image type enabled and no HOG, the original image with first order, GLCM,
         * GLRLM, GLSZM (with HOG and no image type: HOG alone).
         */
        public ExtractionSettings build() {
            Map<ImageType, Map<FeatureClass, List<String>>> f = features;
            if (f.isEmpty() && hog == null) {
                f = new LinkedHashMap<>();
                Map<FeatureClass, List<String>> m = new LinkedHashMap<>();
                for (FeatureClass c : new FeatureClass[] {FeatureClass.FIRSTORDER, FeatureClass.GLCM, FeatureClass.GLRLM, FeatureClass.GLSZM}) {
                    m.put(c, List.of());
                }
                f.put(ImageType.ORIGINAL, m);
            }
            return new ExtractionSettings(f, binWidth, binCount, label, voxelArrayShift, resegmentRange, resampledSpacing,
                    wavelet, waveletLevel, nameStyle, processing, logSigma, gradientUseSpacing, hog);
        }
    }
}
