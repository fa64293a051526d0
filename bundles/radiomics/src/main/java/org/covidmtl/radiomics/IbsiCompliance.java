package org.covidmtl.radiomics;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.FeatureVector;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.NameStyle;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;

/**
 * IBSI chapter 1 feature tags of this extractor's features, and the compliance check against IBSI's reference
 * values: every row of a reference CSV with a reference value is compared (value within the row's tolerance) or
 * counted as not computed. Shared by {@code radiomics:ibsi}, the {@link NameStyle#IBSI} names and the IBSI tests.
 *
 * <p>Aggregation suffixes follow the settings: GLCM and GLRLM {@code _3D_avg} (features per direction averaged;
 * PyRadiomics), {@code _3D_comb} ({@code textureAggregation: merged}), with force2D {@code _2_5D_avg} /
 * {@code _2_5D_comb}; GLSZM, GLDZM, NGTDM, NGLDM (= GLDM) {@code _3D} or {@code _2_5D}. IBSI forms that are a formula of
 * PyRadiomics features (stat_kurt = Kurtosis − 3, stat_cov, morph_comp_1, morph_comp_2, morph_sph_dispr,
 * morph_asphericity, morph_integ_int, and the PCA axis lengths: IBSI takes the sample covariance of the voxel centres,
 * PyRadiomics the population one, a factor √(N/(N−1))) are compared but have no name of their own.
 */
public final class IbsiCompliance {
    /** How a family's tags carry the texture aggregation. */
    enum Aggregation {
        /** No suffix. */
        NONE,
        /** GLCM, GLRLM: dimension and {@code avg} / {@code comb}. */
        DIRECTIONAL,
        /** GLSZM, GLDZM, NGTDM, NGLDM: dimension only. */
        MERGED
    }

    /** One IBSI tag (without its aggregation suffix) equal to one feature. */
    record Entry(String base, FeatureClass cls, String feature, Aggregation aggregation) {
    }

    static final List<Entry> DIRECT = direct();

    private IbsiCompliance() {
    }

    private static List<Entry> direct() {
        List<Entry> l = new ArrayList<>();
        add(l, FeatureClass.FIRSTORDER, "stat_", Aggregation.NONE, "mean", "Mean", "var", "Variance", "skew", "Skewness", "median",
                "Median", "min", "Minimum", "p10", "10Percentile", "p90", "90Percentile", "max", "Maximum", "iqr",
                "InterquartileRange", "range", "Range", "mad", "MeanAbsoluteDeviation", "rmad", "RobustMeanAbsoluteDeviation",
                "medad", "MedianAbsoluteDeviation", "qcod", "QuartileCoefficientOfDispersion", "energy", "Energy", "rms",
                "RootMeanSquared");
        add(l, FeatureClass.HISTOGRAM, "ih_", Aggregation.NONE, "mean", "Mean", "var", "Variance", "skew", "Skewness", "kurt",
                "ExcessKurtosis", "median", "Median", "min", "Minimum", "p10", "10Percentile", "p90", "90Percentile", "max",
                "Maximum", "mode", "Mode", "iqr", "InterquartileRange", "range", "Range", "mad", "MeanAbsoluteDeviation", "rmad",
                "RobustMeanAbsoluteDeviation", "medad", "MedianAbsoluteDeviation", "cov", "CoefficientOfVariation", "qcod",
                "QuartileCoefficientOfDispersion", "entropy", "Entropy", "uniformity", "Uniformity", "max_grad",
                "MaximumHistogramGradient", "max_grad_g", "MaximumHistogramGradientGrayLevel", "min_grad",
                "MinimumHistogramGradient", "min_grad_g", "MinimumHistogramGradientGrayLevel");
        add(l, FeatureClass.IVH, "ivh_", Aggregation.NONE, "v10", "VolumeAtIntensityFraction10", "v90",
                "VolumeAtIntensityFraction90", "i10", "IntensityAtVolumeFraction10", "i90", "IntensityAtVolumeFraction90",
                "diff_v10_v90", "VolumeFractionDifference10To90", "diff_i10_i90", "IntensityFractionDifference10To90");
        add(l, FeatureClass.LOCALINTENSITY, "loc_", Aggregation.NONE, "peak_loc", "LocalIntensityPeak", "peak_glob",
                "GlobalIntensityPeak");
        add(l, FeatureClass.SHAPE, "morph_", Aggregation.NONE, "volume", "MeshVolume", "vol_approx", "VoxelVolume", "area_mesh",
                "SurfaceArea", "av", "SurfaceVolumeRatio", "sphericity", "Sphericity", "sph_dispr", "SphericalDisproportion",
                "diam", "Maximum3DDiameter", "pca_elongation", "Elongation", "pca_flatness", "Flatness", "com",
                "CentreOfMassShift", "vol_dens_aabb", "VolumeDensityAABB", "area_dens_aabb", "AreaDensityAABB", "vol_dens_aee",
                "VolumeDensityAEE", "area_dens_aee", "AreaDensityAEE", "vol_dens_conv_hull", "VolumeDensityConvexHull",
                "area_dens_conv_hull", "AreaDensityConvexHull", "moran_i", "MoransI", "geary_c", "GearysC");
        add(l, FeatureClass.GLCM, "cm_", Aggregation.DIRECTIONAL, "joint_max", "MaximumProbability", "joint_avg", "JointAverage",
                "joint_var", "SumSquares", "joint_entr", "JointEntropy", "diff_avg", "DifferenceAverage", "dissimilarity", "DifferenceAverage",
                "diff_var", "DifferenceVariance", "diff_entr", "DifferenceEntropy", "sum_avg", "SumAverage", "sum_var", "SumVariance",
                "sum_entr", "SumEntropy", "energy", "JointEnergy", "contrast", "Contrast", "inv_diff", "Id", "inv_diff_norm",
                "Idn", "inv_diff_mom", "Idm", "inv_diff_mom_norm", "Idmn", "inv_var", "InverseVariance", "corr", "Correlation",
                "auto_corr", "Autocorrelation", "clust_tend", "ClusterTendency", "clust_shade", "ClusterShade", "clust_prom",
                "ClusterProminence", "info_corr1", "Imc1", "info_corr2", "Imc2");
        add(l, FeatureClass.GLRLM, "rlm_", Aggregation.DIRECTIONAL, "sre", "ShortRunEmphasis", "lre", "LongRunEmphasis", "lgre",
                "LowGrayLevelRunEmphasis", "hgre", "HighGrayLevelRunEmphasis", "srlge", "ShortRunLowGrayLevelEmphasis", "srhge",
                "ShortRunHighGrayLevelEmphasis", "lrlge", "LongRunLowGrayLevelEmphasis", "lrhge", "LongRunHighGrayLevelEmphasis",
                "glnu", "GrayLevelNonUniformity", "glnu_norm", "GrayLevelNonUniformityNormalized", "rlnu", "RunLengthNonUniformity",
                "rlnu_norm", "RunLengthNonUniformityNormalized", "r_perc", "RunPercentage", "gl_var", "GrayLevelVariance",
                "rl_var", "RunVariance", "rl_entr", "RunEntropy");
        add(l, FeatureClass.GLSZM, "szm_", Aggregation.MERGED, "sze", "SmallAreaEmphasis", "lze", "LargeAreaEmphasis", "lgze",
                "LowGrayLevelZoneEmphasis", "hgze", "HighGrayLevelZoneEmphasis", "szlge", "SmallAreaLowGrayLevelEmphasis", "szhge",
                "SmallAreaHighGrayLevelEmphasis", "lzlge", "LargeAreaLowGrayLevelEmphasis", "lzhge", "LargeAreaHighGrayLevelEmphasis",
                "glnu", "GrayLevelNonUniformity", "glnu_norm", "GrayLevelNonUniformityNormalized", "zsnu", "SizeZoneNonUniformity",
                "zsnu_norm", "SizeZoneNonUniformityNormalized", "z_perc", "ZonePercentage", "gl_var", "GrayLevelVariance",
                "zs_var", "ZoneVariance", "zs_entr", "ZoneEntropy");
        add(l, FeatureClass.GLDZM, "dzm_", Aggregation.MERGED, "sde", "SmallDistanceEmphasis", "lde", "LargeDistanceEmphasis",
                "lgze", "LowGrayLevelZoneEmphasis", "hgze", "HighGrayLevelZoneEmphasis", "sdlge", "SmallDistanceLowGrayLevelEmphasis",
                "sdhge", "SmallDistanceHighGrayLevelEmphasis", "ldlge", "LargeDistanceLowGrayLevelEmphasis", "ldhge",
                "LargeDistanceHighGrayLevelEmphasis", "glnu", "GrayLevelNonUniformity", "glnu_norm",
                "GrayLevelNonUniformityNormalized", "zdnu", "ZoneDistanceNonUniformity", "zdnu_norm",
                "ZoneDistanceNonUniformityNormalized", "z_perc", "ZonePercentage", "gl_var", "GrayLevelVariance", "zd_var",
                "ZoneDistanceVariance", "zd_entr", "ZoneDistanceEntropy");
        add(l, FeatureClass.NGTDM, "ngt_", Aggregation.MERGED, "coarseness", "Coarseness", "contrast", "Contrast", "busyness",
                "Busyness", "complexity", "Complexity", "strength", "Strength");
        add(l, FeatureClass.GLDM, "ngl_", Aggregation.MERGED, "lde", "SmallDependenceEmphasis", "hde", "LargeDependenceEmphasis",
                "lgce", "LowGrayLevelEmphasis", "hgce", "HighGrayLevelEmphasis", "ldlge", "SmallDependenceLowGrayLevelEmphasis",
                "ldhge", "SmallDependenceHighGrayLevelEmphasis", "hdlge", "LargeDependenceLowGrayLevelEmphasis", "hdhge",
                "LargeDependenceHighGrayLevelEmphasis", "glnu", "GrayLevelNonUniformity", "glnu_norm",
                "GrayLevelNonUniformityNormalized", "dcnu", "DependenceNonUniformity", "dcnu_norm",
                "DependenceNonUniformityNormalized", "dc_perc", "DependencePercentage", "gl_var", "GrayLevelVariance", "dc_var",
                "DependenceVariance", "dc_entr", "DependenceEntropy", "dc_energy", "DependenceEnergy");
        // IBSI's intensity-histogram entropy and uniformity are PyRadiomics' first-order ones (on the discretised region)
        l.add(new Entry("ih_entropy", FeatureClass.FIRSTORDER, "Entropy", Aggregation.NONE));
        l.add(new Entry("ih_uniformity", FeatureClass.FIRSTORDER, "Uniformity", Aggregation.NONE));
        return List.copyOf(l);
    }

    private static void add(List<Entry> l, FeatureClass cls, String prefix, Aggregation a, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            l.add(new Entry(prefix + pairs[i], cls, pairs[i + 1], a));
        }
    }

    /** The aggregation suffix of a family's tags under these settings. */
    static String suffix(Aggregation a, ExtractionSettings s) {
        String dim = !s.processing().force2D() ? "_3D" : s.processing().sliceAverage() ? "_2D" : "_2_5D";
        return switch (a) {
            case NONE -> "";
            case MERGED -> dim;
            case DIRECTIONAL -> dim + (s.processing().mergeDirections() ? "_comb" : "_avg");
        };
    }

    /** The IBSI tag of a feature under these settings, or null if IBSI has none (the first tag where several). */
    public static String tag(FeatureClass cls, String feature, ExtractionSettings s) {
        for (Entry e : DIRECT) {
            // first-order Entropy / Uniformity equal ih_entropy / ih_uniformity but keep their names (the histogram
            // class's own ones carry the tags, so that both classes together do not name two features alike)
            if (e.cls() == cls && e.feature().equals(feature) && !(cls == FeatureClass.FIRSTORDER && e.base().startsWith("ih_"))) {
                return e.base() + suffix(e.aggregation(), s);
            }
        }
        return null;
    }

    /**
     * IBSI tag → value of a result extracted with {@link NameStyle#PYRADIOMICS} names under {@code s}: the direct
     * equals and the formulas; features the result lacks are left out.
     */
    public static Map<String, ToDoubleFunction<FeatureVector>> table(ExtractionSettings s, List<String> names) {
        return table(s, names, 0);
    }

    /**
     * @param shapeVoxels the voxel count of the mask shape was measured on, for IBSI's PCA axis lengths (4√λ of the
     *        <em>sample</em> covariance = PyRadiomics' population form × √(N/(N−1))); 0 or 1: those rows are left out
     */
    public static Map<String, ToDoubleFunction<FeatureVector>> table(ExtractionSettings s, List<String> names, long shapeVoxels) {
        Map<String, ToDoubleFunction<FeatureVector>> m = new LinkedHashMap<>();
        for (Entry e : DIRECT) {
            String name = "original_" + e.cls().key() + "_" + e.feature();
            if (names.contains(name)) {
                m.putIfAbsent(e.base() + suffix(e.aggregation(), s), v -> v.get(name));
            }
        }
        String fo = "original_firstorder_";
        String sh = "original_shape_";
        if (names.contains(fo + "Kurtosis")) {
            m.put("stat_kurt", v -> v.get(fo + "Kurtosis") - 3);
        }
        if (names.contains(fo + "Variance") && names.contains(fo + "Mean")) {
            m.put("stat_cov", v -> Math.sqrt(v.get(fo + "Variance")) / v.get(fo + "Mean"));
        }
        if (names.contains(sh + "MeshVolume") && names.contains(sh + "SurfaceArea")) {
            ToDoubleFunction<FeatureVector> vol = v -> v.get(sh + "MeshVolume");
            ToDoubleFunction<FeatureVector> area = v -> v.get(sh + "SurfaceArea");
            m.put("morph_comp_1", v -> vol.applyAsDouble(v) / Math.sqrt(Math.PI * Math.pow(area.applyAsDouble(v), 3)));
            m.put("morph_comp_2", v -> 36 * Math.PI * Math.pow(vol.applyAsDouble(v), 2) / Math.pow(area.applyAsDouble(v), 3));
            if (names.contains(fo + "Mean")) {
                m.put("morph_integ_int", v -> v.get(fo + "Mean") * vol.applyAsDouble(v));
            }
        }
        if (shapeVoxels > 1) {
            double f = Math.sqrt((double) shapeVoxels / (shapeVoxels - 1));
            String[][] axes = {{"morph_pca_maj_axis", "MajorAxisLength"}, {"morph_pca_min_axis", "MinorAxisLength"},
                    {"morph_pca_least_axis", "LeastAxisLength"}};
            for (String[] a : axes) {
                if (names.contains(sh + a[1])) {
                    m.put(a[0], v -> v.get(sh + a[1]) * f);
                }
            }
        }
        if (names.contains(sh + "Sphericity")) {
            m.putIfAbsent("morph_sph_dispr", v -> 1 / v.get(sh + "Sphericity"));
            m.put("morph_asphericity", v -> 1 / v.get(sh + "Sphericity") - 1);
        }
        return m;
    }

    /** One reference row compared. {@code value} is NaN when not computed. */
    public record Row(String family, String tag, String reference, double tolerance, double value, Status status) {
    }

    /**
     * MATCH: within the row's tolerance; MATCH_AT_PRECISION: a row with tolerance 0 whose reference is rounded (IBSI
     * reports 3 significant digits: spacing 0.977 for 0.9765625 mm) that the value equals at the reported precision
     * (within half a unit of its last digit); MISMATCH; NOT_COMPUTED.
     */
    public enum Status {
        MATCH, MATCH_AT_PRECISION, MISMATCH, NOT_COMPUTED;

        public boolean matched() {
            return this == MATCH || this == MATCH_AT_PRECISION;
        }
    }

    /**
     * The compared rows of one data set, with per-family counts; or, without a reference table ({@code missing} not
     * null: where it was looked for), the computed IBSI values alone.
     */
    public record Report(String dataset, List<Row> rows, Map<String, Double> values, String missing) {
        public Report(String dataset, List<Row> rows) {
            this(dataset, rows, Map.of(), null);
        }

        public long count(Status s) {
            return rows.stream().filter(r -> r.status() == s).count();
        }

        /** Rows matched (within tolerance or, with tolerance 0, at the reference's precision). */
        public long matched() {
            return rows.stream().filter(r -> r.status().matched()).count();
        }

        /** family → {matched, compared, not computed}, in the CSV's order. */
        public Map<String, long[]> perFamily() {
            Map<String, long[]> m = new LinkedHashMap<>();
            for (Row r : rows) {
                long[] c = m.computeIfAbsent(r.family(), f -> new long[3]);
                if (r.status() == Status.NOT_COMPUTED) {
                    c[2]++;
                } else {
                    c[1]++;
                    if (r.status().matched()) {
                        c[0]++;
                    }
                }
            }
            return m;
        }

        /**
         * The compliance table: one line per family, totals, then each mismatch; without a reference table, each value
         * (tag and value) and one line saying which table is missing and where it was looked for.
         */
        public String format() {
            StringBuilder sb = new StringBuilder();
            if (missing != null) {
                sb.append(String.format(Locale.ROOT, "IBSI %s: %d values computed, not compared%n", dataset, values.size()));
                values.forEach((t, v) -> sb.append(String.format(Locale.ROOT, "%-40s %.6g%n", t, v)));
                sb.append(missing).append(System.lineSeparator());
                return sb.toString();
            }
            sb.append(String.format(Locale.ROOT, "IBSI %s: %d/%d matched (%d of them at the reference's precision), %d rows with"
                    + " a reference value, %d not computed%n", dataset, matched(), matched() + count(Status.MISMATCH),
                    count(Status.MATCH_AT_PRECISION), rows.size(), count(Status.NOT_COMPUTED)));
            sb.append(String.format(Locale.ROOT, "%-50s %8s %9s %13s  %s%n", "family", "matched", "compared", "not computed",
                    "mismatches"));
            perFamily().forEach((f, c) -> {
                List<String> mis = rows.stream().filter(r -> r.family().equals(f) && r.status() == Status.MISMATCH)
                        .map(Row::tag).toList();
                sb.append(String.format(Locale.ROOT, "%-50s %8d %9d %13d  %s%n", f, c[0], c[1], c[2],
                        mis.isEmpty() ? "" : String.join(", ", mis)));
            });
            rows.stream().filter(r -> r.status() == Status.MISMATCH).forEach(r -> sb.append(String.format(Locale.ROOT,
                    "mismatch %s: %.6g vs IBSI %s ± %s%n", r.tag(), r.value(), r.reference(), r.tolerance())));
            rows.stream().filter(r -> r.status() == Status.MATCH_AT_PRECISION).forEach(r -> sb.append(String.format(Locale.ROOT,
                    "at the reference's precision %s: %.6g vs IBSI %s ± 0%n", r.tag(), r.value(), r.reference())));
            return sb.toString();
        }
    }

    /** Reference rows of an IBSI reference CSV (UTF-8 with a byte order mark, IBSI's columns). */
    public static List<CSVRecord> referenceRows(Path csv) {
        try (Reader in = Files.newBufferedReader(csv)) {
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
        } catch (IOException | RuntimeException e) {
            throw new StageException(csv.toString(), "cannot read the IBSI reference values: " + e.getMessage(), e);
        }
    }

    /**
     * Extracts {@code image}/{@code mask} with {@code s} (PyRadiomics names), then the texture classes again for the other
     * aggregations IBSI reports: merged GLCM/GLRLM directions ({@code _comb}) and, with force2D, per slice
     * ({@code _2D}, {@code _2D_avg}, {@code _2D_comb}); computes IBSI's diagnostics, and compares every valued row.
     *
     * @param halfLastDigit also accept a difference of half a unit of the reference's last digit on every row (the
     *        digital phantom test's rule: its references are rounded); without it only on rows with tolerance 0
     */
    public static Report check(RadiomicsEngine engine, String dataset, Volume image, Mask mask, ExtractionSettings s,
            List<CSVRecord> reference, boolean halfLastDigit, Progress progress) {
        java.util.Set<String> tags = new java.util.HashSet<>();
        reference.forEach(row -> tags.add(row.get("tag")));
        return compare(dataset, values(engine, image, mask, s, tags, progress), reference, halfLastDigit);
    }

    /**
     * The IBSI values of {@code image}/{@code mask} under {@code s} with no reference to compare with: the tags of the
     * settings' own aggregation and, for GLCM/GLRLM, the other direction aggregation (averaged / merged), and IBSI's
     * diagnostics; {@code missing} says which reference table is missing and where it was looked for.
     */
    public static Report uncompared(RadiomicsEngine engine, String dataset, Volume image, Mask mask, ExtractionSettings s,
            String missing, Progress progress) {
        java.util.Set<String> tags = new java.util.HashSet<>();
        for (Entry e : DIRECT) {
            for (boolean merge : new boolean[] {false, true}) {
                tags.add(e.base() + suffix(e.aggregation(), s.toBuilder().processing(s.processing().withMergeDirections(merge)).build()));
            }
        }
        return new Report(dataset, List.of(), values(engine, image, mask, s, tags, progress), missing);
    }

    /**
     * IBSI tag → value: the extraction under {@code s} (PyRadiomics names), the texture classes again under the other
     * aggregations among {@code tags}, and IBSI's diagnostics.
     */
    static Map<String, Double> values(RadiomicsEngine engine, Volume image, Mask mask, ExtractionSettings s,
            java.util.Set<String> tags, Progress progress) {
        ExtractionSettings avg = s.toBuilder().nameStyle(NameStyle.PYRADIOMICS).build();
        FeatureResult r = engine.extract(image, mask, avg, progress);
        Map<String, Double> diagnostics = IbsiDiagnostics.compute(image, mask, avg);
        long shapeVoxels = Math.round(diagnostics.get(avg.processing().resegmentShape() ? "int_mask_vox_count_reseg_roi"
                : "morph_mask_vox_count_reseg_roi"));
        Map<String, ToDoubleFunction<FeatureVector>> main = table(avg, r.features().names(), shapeVoxels);
        Map<String, Double> values = new LinkedHashMap<>();
        main.forEach((t, f) -> values.put(t, f.applyAsDouble(r.features())));
        Map<FeatureClass, List<String>> original = avg.features().getOrDefault(ImageType.ORIGINAL, Map.of());
        // the texture classes again under every other aggregation the reference rows ask for (3-D, 2.5-D, 2-D slices;
        // GLCM/GLRLM directions averaged and merged)
        List<ExtractionSettings> variants = new ArrayList<>();
        org.covidmtl.api.features.ImageProcessing p = avg.processing();
        org.covidmtl.api.features.ImageProcessing[] dims = {p.withForce2D(false).withSliceAverage(false),
                p.withForce2D(true).withSliceAverage(false), p.withForce2D(true).withSliceAverage(true)};
        for (org.covidmtl.api.features.ImageProcessing dim : dims) {
            for (boolean merge : new boolean[] {false, true}) {
                org.covidmtl.api.features.ImageProcessing v = dim.withMergeDirections(merge);
                if (v.equals(p)) {
                    continue;
                }
                List<FeatureClass> classes = new ArrayList<>();
                for (FeatureClass c : FamilyComputer.TEXTURE) {
                    boolean directional = c == FeatureClass.GLCM || c == FeatureClass.GLRLM;
                    boolean sameDim = v.force2D() == p.force2D() && v.sliceAverage() == p.sliceAverage();
                    if ((directional || !sameDim) && (directional || !merge) && wanted(tags, c, avg.toBuilder().processing(v).build())) {
                        classes.add(c);
                    }
                }
                variants.add(texture(avg, original, v, classes));
            }
        }
        for (ExtractionSettings v : variants) {
            if (v == null) {
                continue;
            }
            FeatureResult x = engine.extract(image, mask, v, progress);
            table(v, x.features().names()).forEach((t, f) -> values.putIfAbsent(t, f.applyAsDouble(x.features())));
        }
        values.putAll(diagnostics);
        return values;
    }

    /** Every valued row of {@code reference} compared with {@code values} (see {@link #check}). */
    static Report compare(String dataset, Map<String, Double> values, List<CSVRecord> reference, boolean halfLastDigit) {
        List<Row> rows = new ArrayList<>();
        for (CSVRecord row : reference) {
            String ref = row.get("reference value").trim();
            if (ref.isEmpty()) {
                continue;
            }
            String tag = row.get("tag");
            String tolText = row.get("tolerance").trim();
            double tol = tolText.isEmpty() ? 0 : Double.parseDouble(tolText);
            Double v = values.get(tag);
            if (v == null) {
                rows.add(new Row(row.get("family"), tag, ref, tol, Double.NaN, Status.NOT_COMPUTED));
                continue;
            }
            double diff = Math.abs(v - Double.parseDouble(ref));
            Status st = diff <= tol ? Status.MATCH
                    : (halfLastDigit || tol == 0) && diff <= tol + halfLastDigit(ref) ? Status.MATCH_AT_PRECISION : Status.MISMATCH;
            rows.add(new Row(row.get("family"), tag, ref, tol, v, st));
        }
        return new Report(dataset, rows);
    }

    /** Whether any reference tag is one of the class's tags under these settings. */
    private static boolean wanted(java.util.Set<String> tags, FeatureClass c, ExtractionSettings s) {
        for (Entry e : DIRECT) {
            if (e.cls() == c && tags.contains(e.base() + suffix(e.aggregation(), s))) {
                return true;
            }
        }
        return false;
    }

    /** The settings with other processing and only those of the given texture classes enabled (null if none is). */
    private static ExtractionSettings texture(ExtractionSettings s, Map<FeatureClass, List<String>> original,
            org.covidmtl.api.features.ImageProcessing p, List<FeatureClass> classes) {
        ExtractionSettings.Builder b = s.toBuilder().processing(p).disable(ImageType.ORIGINAL);
        boolean any = false;
        for (FeatureClass c : classes) {
            if (original.containsKey(c)) {
                b.enable(ImageType.ORIGINAL, c, original.get(c));
                any = true;
            }
        }
        return any ? b.build() : null;
    }

    /** Half a unit of the last reported digit of a reference value ("1.27" → 0.005, "1200" → 50). */
    static double halfLastDigit(String ref) {
        BigDecimal d = new BigDecimal(ref.trim());
        if (d.scale() <= 0) {
            d = d.stripTrailingZeros();
        }
        return 0.5 * Math.pow(10, -d.scale());
    }
}
