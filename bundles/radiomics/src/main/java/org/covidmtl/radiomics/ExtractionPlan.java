package org.covidmtl.radiomics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.features.NameStyle;
import org.covidmtl.api.features.UnknownFeatureException;

/**
 * What an extraction computes and how it names it, from the settings alone: the images, per image the
 * classes and features, and the output names (with {@link NameStyle#COVID_MTL}'s replace-in-place rule), then the
 * HOG features if enabled ({@link HogExtractor}).
 */
final class ExtractionPlan {
    /** One computed value: image, class, feature, and the output slot it goes to. */
    record Item(ImageSpec image, FeatureClass cls, String feature, int slot) {
    }

    final List<String> names;
    final List<Item> items;
    final Map<ImageSpec, Map<FeatureClass, List<String>>> perImage;
    /** The slot of {@code HOG_0}, after the radiomic features (= their count). */
    final int hogOffset;

    /** HOG features are named {@code HOG_0 … HOG_{n-1}} (any name style). */
    static final String HOG_PREFIX = "HOG_";

    private ExtractionPlan(List<String> names, List<Item> items, Map<ImageSpec, Map<FeatureClass, List<String>>> perImage,
            int hogOffset) {
        this.names = List.copyOf(names);
        this.items = List.copyOf(items);
        this.perImage = perImage;
        this.hogOffset = hogOffset;
    }

    static ExtractionPlan of(ExtractionSettings s) {
        checkSupported(s);
        List<Item> unslotted = new ArrayList<>();
        Map<ImageSpec, Map<FeatureClass, List<String>>> perImage = new LinkedHashMap<>();
        s.features().forEach((type, classes) -> {
            for (ImageSpec img : ImageSpec.of(type, s)) {
                Map<FeatureClass, List<String>> m = new LinkedHashMap<>();
                classes.forEach((cls, requested) -> {
                    List<String> known = FeatureCatalog.features(cls);
                    List<String> names = requested.isEmpty() ? FeatureCatalog.defaults(cls) : requested;
                    for (String f : names) {
                        if (!known.contains(f)) {
                            throw new UnknownFeatureException(cls.key() + "." + f, "unknown feature of class " + cls.key()
                                    + "; known: " + known);
                        }
                        unslotted.add(new Item(img, cls, f, -1));
                    }
                    m.put(cls, names);
                });
                perImage.put(img, m);
            }
        });
        List<Item> ordered = new ArrayList<>(unslotted);
        if (s.nameStyle() == NameStyle.COVID_MTL) {
            // the reference extracted one class at a time over the wavelet sub-bands: class-major order
            List<FeatureClass> classOrder = new ArrayList<>();
            unslotted.forEach(i -> {
                if (!classOrder.contains(i.cls())) {
                    classOrder.add(i.cls());
                }
            });
            ordered.sort(Comparator.comparing((Item i) -> i.image().type()).thenComparing(i -> classOrder.indexOf(i.cls())));
        }
        Map<String, Integer> slots = new LinkedHashMap<>();
        List<Item> items = new ArrayList<>();
        for (Item i : ordered) {
            int slot = slots.computeIfAbsent(name(s, i.image(), i.cls(), i.feature()), k -> slots.size());
            items.add(new Item(i.image(), i.cls(), i.feature(), slot));
        }
        List<String> names = new ArrayList<>(slots.keySet());
        int hogOffset = names.size();
        if (s.hog() != null) {
            for (int i = 0; i < s.hog().featureCount(); i++) {
                names.add(HOG_PREFIX + i);
            }
        }
        return new ExtractionPlan(names, items, perImage, hogOffset);
    }

    static String name(ExtractionSettings s, ImageSpec img, FeatureClass cls, String feature) {
        NameStyle style = s.nameStyle();
        if (style == NameStyle.IBSI) {
            String tag = IbsiCompliance.tag(cls, feature, s);
            if (tag != null) {
                return img.type() == ImageType.ORIGINAL ? tag : img.name() + "_" + tag;
            }
        }
        if (style == NameStyle.COVID_MTL) {
            return switch (img.type()) {
                case ORIGINAL -> feature;
                case WAVELET -> img.band() + "_" + cls.key() + "_" + feature;
                default -> img.name() + "_" + cls.key() + "_" + feature;
            };
        }
        return img.name() + "_" + cls.key() + "_" + feature;
    }

    private static void checkSupported(ExtractionSettings s) {
        if (s.processing().sliceAverage() && !s.processing().force2D()) {
            throw new InvalidSettingException("sliceAggregation", "average needs force2D: true (texture in the axial plane)");
        }
        if (!s.resampledSpacing().isEmpty()) {
            ImageProcessing p = s.processing();
            if (p.gridAlignment() != ImageProcessing.GridAlignment.IBSI_CENTRE) {
                throw new InvalidSettingException("resampledPixelSpacing", "PyRadiomics' resampling grid (the mask's bounding box)"
                        + " is not implemented; set gridAlignment: ibsi-centre for IBSI's grid, or resample the volume first");
            }
            if (p.maskInterpolator() == ImageProcessing.Interpolator.BSPLINE) {
                throw new InvalidSettingException("maskInterpolator", "sitkBSpline is for images; a mask is interpolated with"
                        + " sitkLinear (with maskThreshold) or sitkNearestNeighbor");
            }
        }
        s.features().forEach((type, classes) -> {
            if (type != ImageType.ORIGINAL && classes.containsKey(FeatureClass.SHAPE)) {
                throw new InvalidSettingException("imageType " + type.pyRadiomicsName() + " featureClass shape",
                        "shape describes the mask and is computed on the Original image only");
            }
            if (type != ImageType.ORIGINAL && classes.containsKey(FeatureClass.LOCALINTENSITY)) {
                throw new InvalidSettingException("imageType " + type.pyRadiomicsName() + " featureClass localintensity",
                        "local intensity needs the whole image and is computed on the Original image only");
            }
        });
        if (s.imageTypes().contains(ImageType.WAVELET)) {
            if (!Wavelet.supports(s.wavelet())) {
                throw new InvalidSettingException("wavelet", "unsupported wavelet " + s.wavelet() + "; supported: " + Wavelet.NAMES);
            }
            if (s.waveletLevel() != 1) {
                throw new InvalidSettingException("level", "only wavelet level 1 is supported, not " + s.waveletLevel());
            }
        }
    }
}
