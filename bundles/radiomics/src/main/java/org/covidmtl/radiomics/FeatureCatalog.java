package org.covidmtl.radiomics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.InvalidSettingException;

/**
 * The features of each class and their order when a class is enabled whole: PyRadiomics' order, the
 * names sorted as its {@code get<Name>FeatureValue} methods sort; deprecated-by-default features
 * (first order StandardDeviation, shape SphericalDisproportion; GLCM MCC stays) are only computed when named.
 */
final class FeatureCatalog {
    static final Map<FeatureClass, List<String>> ALL = Map.ofEntries(
            Map.entry(FeatureClass.SHAPE, List.of("MeshVolume", "VoxelVolume", "SurfaceArea", "SurfaceVolumeRatio", "Sphericity",
                    "SphericalDisproportion", "Maximum3DDiameter", "Maximum2DDiameterSlice", "Maximum2DDiameterColumn",
                    "Maximum2DDiameterRow", "MajorAxisLength", "MinorAxisLength", "LeastAxisLength", "Elongation", "Flatness", "CentreOfMassShift",
                    "VolumeDensityAABB", "AreaDensityAABB", "VolumeDensityAEE", "AreaDensityAEE", "VolumeDensityConvexHull",
                    "AreaDensityConvexHull", "MoransI", "GearysC")),
            Map.entry(FeatureClass.FIRSTORDER, List.of("Energy", "TotalEnergy", "Entropy", "Minimum", "10Percentile", "90Percentile",
                    "Maximum", "Mean", "Median", "InterquartileRange", "Range", "MeanAbsoluteDeviation",
                    "RobustMeanAbsoluteDeviation", "RootMeanSquared", "StandardDeviation", "Skewness", "Kurtosis", "Variance",
                    "Uniformity", "MedianAbsoluteDeviation", "QuartileCoefficientOfDispersion")),
            Map.entry(FeatureClass.GLCM, List.of("Autocorrelation", "JointAverage", "ClusterProminence", "ClusterShade", "ClusterTendency",
                    "Contrast", "Correlation", "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "JointEnergy",
                    "JointEntropy", "Imc1", "Imc2", "Idm", "MCC", "Idmn", "Id", "Idn", "InverseVariance", "MaximumProbability",
                    "SumAverage", "SumEntropy", "SumSquares", "SumVariance")),
            Map.entry(FeatureClass.GLRLM, List.of("ShortRunEmphasis", "LongRunEmphasis", "GrayLevelNonUniformity",
                    "GrayLevelNonUniformityNormalized", "RunLengthNonUniformity", "RunLengthNonUniformityNormalized",
                    "RunPercentage", "GrayLevelVariance", "RunVariance", "RunEntropy", "LowGrayLevelRunEmphasis",
                    "HighGrayLevelRunEmphasis", "ShortRunLowGrayLevelEmphasis", "ShortRunHighGrayLevelEmphasis",
                    "LongRunLowGrayLevelEmphasis", "LongRunHighGrayLevelEmphasis")),
            Map.entry(FeatureClass.GLSZM, List.of("SmallAreaEmphasis", "LargeAreaEmphasis", "GrayLevelNonUniformity",
                    "GrayLevelNonUniformityNormalized", "SizeZoneNonUniformity", "SizeZoneNonUniformityNormalized",
                    "ZonePercentage", "GrayLevelVariance", "ZoneVariance", "ZoneEntropy", "LowGrayLevelZoneEmphasis",
                    "HighGrayLevelZoneEmphasis", "SmallAreaLowGrayLevelEmphasis", "SmallAreaHighGrayLevelEmphasis",
                    "LargeAreaLowGrayLevelEmphasis", "LargeAreaHighGrayLevelEmphasis")),
            Map.entry(FeatureClass.GLDM, List.of("SmallDependenceEmphasis", "LargeDependenceEmphasis", "GrayLevelNonUniformity",
                    "DependenceNonUniformity", "DependenceNonUniformityNormalized", "GrayLevelVariance", "DependenceVariance",
                    "DependenceEntropy", "LowGrayLevelEmphasis", "HighGrayLevelEmphasis", "SmallDependenceLowGrayLevelEmphasis",
                    "SmallDependenceHighGrayLevelEmphasis", "LargeDependenceLowGrayLevelEmphasis",
                    "LargeDependenceHighGrayLevelEmphasis", "GrayLevelNonUniformityNormalized", "DependencePercentage",
                    "DependenceEnergy")),
            Map.entry(FeatureClass.NGTDM, List.of("Coarseness", "Contrast", "Busyness", "Complexity", "Strength")),
            Map.entry(FeatureClass.HISTOGRAM, List.of(IntensityHistogram.NAMES)),
            Map.entry(FeatureClass.IVH, List.of(IntensityVolumeHistogram.NAMES)),
            Map.entry(FeatureClass.GLDZM, List.of(Gldzm.NAMES)),
            Map.entry(FeatureClass.LOCALINTENSITY, List.of(LocalIntensity.NAMES)));

    /**
     * Computed only when named: PyRadiomics' deprecated ones, and the IBSI features PyRadiomics lacks that belong to
     * its classes (first order MedianAbsoluteDeviation, QuartileCoefficientOfDispersion; GLCM SumVariance; GLDM
     * GrayLevelNonUniformityNormalized, DependencePercentage, DependenceEnergy; shape's IBSI morphology extras), so
     * that a whole class is PyRadiomics' class.
     */
    private static final Map<FeatureClass, List<String>> OFF_BY_DEFAULT = Map.of(
            FeatureClass.FIRSTORDER, List.of("StandardDeviation", "MedianAbsoluteDeviation", "QuartileCoefficientOfDispersion"),
            FeatureClass.SHAPE, List.of("SphericalDisproportion", "CentreOfMassShift", "VolumeDensityAABB", "AreaDensityAABB",
                    "VolumeDensityAEE", "AreaDensityAEE", "VolumeDensityConvexHull", "AreaDensityConvexHull", "MoransI", "GearysC"),
            FeatureClass.GLCM, List.of("SumVariance"),
            FeatureClass.GLDM, List.of("GrayLevelNonUniformityNormalized", "DependencePercentage", "DependenceEnergy"));

    private FeatureCatalog() {
    }

    /** Every feature of an implemented class. */
    static List<String> features(FeatureClass c) {
        List<String> l = ALL.get(c);
        if (l == null) {
            throw new InvalidSettingException("featureClass " + c.key(), "not implemented by the radiomics extractor; implemented: "
                    + ALL.keySet().stream().map(FeatureClass::key).sorted().toList());
        }
        return l;
    }

    /** The features a whole class enables, in PyRadiomics' order. */
    static List<String> defaults(FeatureClass c) {
        return features(c).stream().filter(n -> !OFF_BY_DEFAULT.getOrDefault(c, List.of()).contains(n))
                .sorted(Comparator.comparing(n -> n + "FeatureValue")).toList();
    }
}
