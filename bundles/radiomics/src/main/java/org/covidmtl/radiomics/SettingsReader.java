package org.covidmtl.radiomics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.HogSettings;
import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.features.NameStyle;
import org.covidmtl.api.features.UnknownSettingException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a PyRadiomics parameter file ({@code setting}, {@code imageType}, {@code featureClass}) into
 * validated {@link ExtractionSettings}. Unknown keys are errors naming the file and the key. PyRadiomics
 * settings this extractor does not implement are accepted only with their default value. Extensions: an
 * image type may carry its own {@code featureClass}; {@code setting.nameStyle} is {@code pyradiomics},
 * {@code covid-mtl} or {@code ibsi}; the IBSI processing settings of {@link ImageProcessing}: {@code maskInterpolator}
 * ({@code sitkNearestNeighbor} | {@code sitkLinear}), {@code maskThreshold}, {@code gridAlignment}
 * ({@code pyradiomics} | {@code ibsi-centre}), {@code roundIntensities}, {@code binLowerBound},
 * {@code textureAggregation} ({@code average} | {@code merged}: GLCM, GLRLM), {@code meshTriangulation}
 * ({@code pyradiomics} | {@code ibsi}), {@code ivhBinWidth}, {@code ivhBinCount}, {@code resegmentOutliers} (IBSI's
 * outlier filtering after the range, in standard deviations); PyRadiomics' {@code interpolator} ({@code sitkBSpline}:
 * cubic B-spline), {@code force2D} (with {@code force2Ddimension} 0), {@code resegmentShape} and {@code resegmentMode}
 * ({@code absolute} | {@code relative} | {@code sigma}). Image types
 * {@code Original}, {@code Wavelet}, {@code LoG} (with {@code sigma}, a list of widths in mm &gt; 0, under
 * {@code setting} or the image type), {@code Square}, {@code SquareRoot}, {@code Logarithm}, {@code Exponential},
 * {@code Gradient} (with {@code gradientUseSpacing}, under {@code setting} or the image type). {@code featureClass.hog}
 * (top level only; empty: the COVID-MTL reference's parameters) enables {@link HogSettings}: {@code orientations},
 * {@code pixelsPerCell}, {@code cellsPerBlock}, {@code sliceSize} ({@code [rows, columns]} or one integer),
 * {@code blockNorm} ({@code L1} | {@code L1-sqrt} | {@code L2} | {@code L2-Hys}), {@code transformSqrt}, {@code slice}.
 */
public final class SettingsReader {
    private static final List<String> TOP = List.of("setting", "imageType", "featureClass");
    /** The HOG pseudo-class under the top-level {@code featureClass}. */
    private static final String HOG = "hog";
    private static final List<String> HOG_KEYS = List.of("orientations", "pixelsPerCell", "cellsPerBlock", "blockNorm",
            "transformSqrt", "sliceSize", "slice");
    /** PyRadiomics settings without effect here, accepted with any value. */
    private static final List<String> NO_EFFECT = List.of("additionalInfo", "preCrop", "padDistance",
            "geometryTolerance", "correctMask", "minimumROIDimensions", "minimumROISize", "enableCExtensions",
            "normalizeScale", "start_level");

    private SettingsReader() {
    }

    public static ExtractionSettings read(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidSettingException(file.toString(), "unreadable parameter file: " + e.getMessage(), e);
        }
        return parse(root == null ? new YAMLMapper().createObjectNode() : root, file.toString());
    }

    static ExtractionSettings parse(JsonNode root, String source) {
        requireObject(root, source);
        fields(root).forEach(k -> {
            if (!TOP.contains(k)) {
                throw new UnknownSettingException(source + ": " + k, "unknown top-level key; known: " + TOP);
            }
        });
        ExtractionSettings.Builder b = ExtractionSettings.builder();
        JsonNode setting = root.path("setting");
        String sigmaWhere = null;
        if (!setting.isMissingNode() && !setting.isNull()) {
            requireObject(setting, source + ": setting");
            if (setting.has("sigma")) {
                sigmaWhere = source + ": setting.sigma";
            }
            ImageProcessing[] p = {ImageProcessing.PYRADIOMICS};
            for (String k : fields(setting)) {
                String where = source + ": setting." + k;
                try {
                    applySetting(b, p, k, setting.get(k), where);
                } catch (InvalidSettingException e) {
                    throw e.input().startsWith(source) ? e : new InvalidSettingException(where, e.problem(), e);
                }
            }
            b.processing(p[0]);
        }
        JsonNode featureClass = root.path("featureClass");
        Map<FeatureClass, List<String>> global = classes(featureClass, source + ": featureClass");
        if (featureClass.has(HOG)) {
            b.hog(hog(featureClass.get(HOG), source + ": featureClass." + HOG));
        }
        JsonNode types = root.path("imageType");
        if (types.isMissingNode() || types.isNull()) {
            global.forEach((c, n) -> b.enable(ImageType.ORIGINAL, c, n));
        } else {
            requireObject(types, source + ": imageType");
            for (String t : fields(types)) {
                ImageType type = imageType(t, source);
                JsonNode custom = types.get(t);
                Map<FeatureClass, List<String>> cls = global;
                if (custom != null && !custom.isNull()) {
                    requireObject(custom, source + ": imageType." + t);
                    for (String k : fields(custom)) {
                        String where = source + ": imageType." + t + "." + k;
                        if (type == ImageType.LOG && k.equals("sigma")) {
                            b.logSigma(sigmas(custom.get(k), where));
                            sigmaWhere = where;
                        } else if (type == ImageType.GRADIENT && k.equals("gradientUseSpacing")) {
                            b.gradientUseSpacing(bool(custom.get(k), where));
                        } else if (!k.equals("featureClass")) {
                            throw new UnknownSettingException(where, "unknown image type setting; per image type only"
                                    + " featureClass, and sigma for LoG, gradientUseSpacing for Gradient, may be given");
                        }
                    }
                    if (custom.has("featureClass")) {
                        cls = classes(custom.get("featureClass"), source + ": imageType." + t + ".featureClass");
                    }
                }
                cls.forEach((c, n) -> b.enable(type, c, n));
            }
            if (types.has(ImageType.LOG.pyRadiomicsName()) && sigmaWhere == null) {
                throw new InvalidSettingException(source + ": imageType.LoG.sigma", "image type LoG needs sigma: a list of"
                        + " Gaussian widths in mm > 0 (imageType: {LoG: {sigma: [1.0, 2.0]}} or setting.sigma)");
            }
        }
        ExtractionSettings s;
        try {
            s = b.build();
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException(source + ": " + e.input(), e.problem(), e);
        }
        ExtractionPlan.of(s); // fails on unknown feature names and unsupported settings
        return s;
    }

    private static ImageType imageType(String t, String source) {
        try {
            return ImageType.of(t);
        } catch (UnknownSettingException e) {
            throw new UnknownSettingException(source + ": imageType." + t, e.problem());
        }
    }

    private static Map<FeatureClass, List<String>> classes(JsonNode node, String where) {
        Map<FeatureClass, List<String>> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            for (FeatureClass c : new FeatureClass[] {FeatureClass.FIRSTORDER, FeatureClass.GLCM, FeatureClass.GLRLM,
                    FeatureClass.GLSZM, FeatureClass.GLDM, FeatureClass.NGTDM}) {
                out.put(c, List.of());
            }
            return out;
        }
        requireObject(node, where);
        for (String k : fields(node)) {
            if (k.equals(HOG)) {
                if (!where.endsWith(": featureClass")) {
                    throw new InvalidSettingException(where + "." + k, "HOG is one 2-D slice of the original image:"
                            + " give it under the top-level featureClass, not per image type");
                }
                continue;
            }
            FeatureClass c;
            try {
                c = FeatureClass.of(k);
            } catch (UnknownSettingException e) {
                throw new UnknownSettingException(where + "." + k, e.problem());
            }
            JsonNode v = node.get(k);
            List<String> names = new ArrayList<>();
            if (v != null && !v.isNull()) {
                if (!v.isArray()) {
                    throw new InvalidSettingException(where + "." + k, "must be a list of feature names or empty");
                }
                v.forEach(n -> names.add(n.asText()));
            }
            out.put(c, names);
        }
        return out;
    }

    /** {@code featureClass.hog}: null (the reference's parameters) or a mapping of HOG parameters. */
    private static HogSettings hog(JsonNode v, String where) {
        HogSettings d = HogSettings.COVID_MTL;
        if (v == null || v.isNull()) {
            return d;
        }
        if (v.getNodeType() != JsonNodeType.OBJECT) {
            throw new InvalidSettingException(where, "must be empty (the COVID-MTL reference's parameters) or a mapping of"
                    + " HOG parameters " + HOG_KEYS + ", not a list of feature names");
        }
        int orientations = d.orientations();
        int[] cell = {d.cellRows(), d.cellColumns()};
        int[] block = {d.blockRows(), d.blockColumns()};
        int[] size = {d.sliceRows(), d.sliceColumns()};
        HogSettings.BlockNorm norm = d.blockNorm();
        boolean sqrt = d.transformSqrt();
        Integer slice = d.slice();
        for (String k : fields(v)) {
            JsonNode n = v.get(k);
            String at = where + "." + k;
            switch (k) {
                case "orientations" -> orientations = integer(n, at);
                case "pixelsPerCell" -> cell = pair(n, at);
                case "cellsPerBlock" -> block = pair(n, at);
                case "sliceSize" -> size = pair(n, at);
                case "blockNorm" -> {
                    try {
                        norm = HogSettings.BlockNorm.of(n.asText());
                    } catch (InvalidSettingException e) {
                        throw new InvalidSettingException(at, e.problem(), e);
                    }
                }
                case "transformSqrt" -> sqrt = bool(n, at);
                case "slice" -> slice = n.isNull() ? null : integer(n, at);
                default -> throw new UnknownSettingException(at, "unknown HOG parameter; known: " + HOG_KEYS);
            }
        }
        try {
            return new HogSettings(orientations, cell[0], cell[1], block[0], block[1], norm, sqrt, size[0], size[1], slice);
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException(where + e.input().substring("hog".length()), e.problem(), e);
        }
    }

    private static int integer(JsonNode v, String where) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidSettingException(where, "must be an integer, is " + v);
        }
        return v.asInt();
    }

    /** {@code [rows, columns]}, or one integer for both. */
    private static int[] pair(JsonNode v, String where) {
        if (v.isArray()) {
            if (v.size() != 2) {
                throw new InvalidSettingException(where, "must be [rows, columns] or one integer, is " + v);
            }
            return new int[] {integer(v.get(0), where), integer(v.get(1), where)};
        }
        int n = integer(v, where);
        return new int[] {n, n};
    }

    private static void applySetting(ExtractionSettings.Builder b, ImageProcessing[] p, String key, JsonNode v, String where) {
        switch (key) {
            case "interpolator" -> p[0] = p[0].withInterpolator(ImageProcessing.Interpolator.of(v.asText()));
            case "maskInterpolator" -> p[0] = p[0].withMaskInterpolator(ImageProcessing.Interpolator.of(v.asText()));
            case "maskThreshold" -> p[0] = p[0].withMaskThreshold(number(v, where));
            case "gridAlignment" -> p[0] = p[0].withGridAlignment(ImageProcessing.GridAlignment.of(v.asText()));
            case "roundIntensities" -> p[0] = p[0].withRoundIntensities(bool(v, where));
            case "binLowerBound" -> p[0] = p[0].withBinLowerBound(v.isNull() ? null : number(v, where));
            case "force2D" -> p[0] = p[0].withForce2D(bool(v, where));
            case "resegmentShape" -> p[0] = p[0].withResegmentShape(bool(v, where));
            case "textureAggregation" -> p[0] = p[0].withMergeDirections(switch (v.asText()) {
                case "average" -> false;
                case "merged" -> true;
                default -> throw new InvalidSettingException(where, "must be average or merged, is " + v.asText());
            });
            case "meshTriangulation" -> p[0] = p[0].withMeshTriangulation(ImageProcessing.MeshTriangulation.of(v.asText()));
            case "ivhBinWidth" -> p[0] = p[0].withIvhBinWidth(v.isNull() ? null : number(v, where));
            case "sliceAggregation" -> p[0] = p[0].withSliceAverage(switch (v.asText()) {
                case "merged" -> false;
                case "average" -> true;
                default -> throw new InvalidSettingException(where, "must be merged or average, is " + v.asText());
            });
            case "sigma" -> b.logSigma(sigmas(v, where));
            case "gradientUseSpacing" -> b.gradientUseSpacing(bool(v, where));
            case "binWidth" -> b.binWidth(number(v, where));
            case "binCount" -> b.binCount(v.isNull() ? null : (int) number(v, where));
            case "label" -> b.label((int) number(v, where));
            case "voxelArrayShift" -> b.voxelArrayShift(number(v, where));
            case "resegmentRange" -> b.resegmentRange(v.isNull() ? List.of() : numbers(v, where));
            case "resampledPixelSpacing" -> b.resampledSpacing(v.isNull() ? List.of() : numbers(v, where));
            case "wavelet" -> b.wavelet(v.asText());
            case "level" -> b.waveletLevel((int) number(v, where));
            case "nameStyle" -> b.nameStyle(switch (v.asText()) {
                case "pyradiomics" -> NameStyle.PYRADIOMICS;
                case "covid-mtl" -> NameStyle.COVID_MTL;
                case "ibsi" -> NameStyle.IBSI;
                default -> throw new InvalidSettingException(where, "must be pyradiomics, covid-mtl or ibsi, is " + v.asText());
            });
            case "normalize" -> requireDefault(v, where, "false");
            case "symmetricalGLCM" -> requireDefault(v, where, "true");
            case "weightingNorm", "removeOutliers" -> requireDefault(v, where, "null");
            case "gldm_a" -> requireDefault(v, where, "0");
            case "distances" -> requireDefault(v, where, "[1]");
            case "resegmentMode" -> p[0] = p[0].withResegmentMode(ImageProcessing.ResegmentMode.of(v.asText()));
            case "resegmentOutliers" -> p[0] = p[0].withResegmentOutliers(v.isNull() ? null : number(v, where));
            case "ivhBinCount" -> p[0] = p[0].withIvhBinCount(v.isNull() ? null : integer(v, where));
            case "force2Ddimension" -> requireDefault(v, where, "0");
            default -> {
                if (!NO_EFFECT.contains(key)) {
                    throw new UnknownSettingException(where, "unknown setting");
                }
            }
        }
    }

    private static void requireDefault(JsonNode v, String where, String json) {
        if (!Objects.equals(v.toString(), json)) {
            throw new InvalidSettingException(where, "only " + json + " is supported by the radiomics extractor, not " + v);
        }
    }

    private static boolean bool(JsonNode v, String where) {
        if (!v.isBoolean()) {
            throw new InvalidSettingException(where, "must be true or false, is " + v);
        }
        return v.asBoolean();
    }

    private static double number(JsonNode v, String where) {
        if (!v.isNumber()) {
            throw new InvalidSettingException(where, "must be a number, is " + v);
        }
        return v.asDouble();
    }

    private static List<Double> numbers(JsonNode v, String where) {
        if (!v.isArray()) {
            throw new InvalidSettingException(where, "must be a list of numbers, is " + v);
        }
        List<Double> out = new ArrayList<>();
        v.forEach(n -> out.add(number(n, where)));
        return out;
    }

    /** LoG widths: a list of numbers > 0 (mm), not empty. */
    private static List<Double> sigmas(JsonNode v, String where) {
        if (!v.isArray() || v.isEmpty()) {
            throw new InvalidSettingException(where, "must be a list of Gaussian widths in mm > 0, is " + v);
        }
        List<Double> out = numbers(v, where);
        for (double sigma : out) {
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new InvalidSettingException(where, "LoG sigma must be a width in mm > 0, is " + sigma
                        + " (PyRadiomics skips it with a warning)");
            }
        }
        return out;
    }

    private static void requireObject(JsonNode n, String where) {
        if (n.getNodeType() != JsonNodeType.OBJECT) {
            throw new InvalidSettingException(where, "must be a mapping, is " + n.getNodeType().name().toLowerCase());
        }
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }
}
