package org.covidmtl.radiomics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinTask;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.volume.Volume;

/** Computes the enabled classes of one image in parallel, on one shared discretisation. */
final class FamilyComputer {
    private FamilyComputer() {
    }

    /** The values per class, the number of grey levels the discretisation produced, and its (reusable) levels. */
    record Computed(Map<FeatureClass, Map<String, Double>> values, int grayLevels, char[] levels) {
    }

    /**
     * @param values the region's values, box order ({@link Roi#regionValues})
     * @param levels a levels array of an earlier image of the same region to reuse, or null
     */
    static Computed compute(Roi roi, double[] values, Map<FeatureClass, List<String>> classes,
            ExtractionSettings s, char[] levels) {
        return compute(roi, roi, values, classes, s, levels);
    }

    /** @param shapeRoi the region shape is measured on (not re-segmented unless resegmentShape) */
    static Computed compute(Roi roi, Roi shapeRoi, double[] values, Map<FeatureClass, List<String>> classes,
            ExtractionSettings s, char[] levels) {
        return compute(roi, shapeRoi, values, classes, s, levels, null);
    }

    /** @param image the whole (processed) original image, for local intensity; null for other images */
    static Computed compute(Roi roi, Roi shapeRoi, double[] values, Map<FeatureClass, List<String>> classes,
            ExtractionSettings s, char[] levels, Volume image) {
        boolean f2d = s.processing().force2D();
        Discretised d = Discretiser.discretise(roi, values, s.binWidth(), s.binCount(), s.processing().binLowerBound(), levels);
        double voxelVolume = roi.spacing[0] * roi.spacing[1] * roi.spacing[2];
        Map<FeatureClass, Map<String, Double>> out = new ConcurrentHashMap<>();
        // invokeAll runs the first task in the caller and forks the others, which pool workers take from the
        // end: a single-threaded class (the longest, GLSZM, on the lung) starts at once beside the others
        List<FeatureClass> order = new ArrayList<>(classes.keySet());
        order.sort(Comparator.comparingInt(FamilyComputer::rank));
        List<ForkJoinTask<?>> tasks = new ArrayList<>();
        for (FeatureClass cls : order) {
            tasks.add(ForkJoinTask.adapt(() -> out.put(cls, switch (cls) {
                case FIRSTORDER -> FirstOrder.compute(values, d, s.voxelArrayShift(), voxelVolume,
                        classes.get(cls).contains("MedianAbsoluteDeviation"));
                case GLCM -> Glcm.compute(d, classes.get(cls).contains("MCC"), f2d, s.processing().mergeDirections());
                case GLRLM -> Glrlm.compute(d, f2d, s.processing().mergeDirections());
                case GLSZM -> Glszm.compute(d, f2d);
                case GLDM -> Gldm.compute(d, f2d);
                case NGTDM -> Ngtdm.compute(d, f2d);
                case SHAPE -> ShapeFeatures.compute(shapeRoi,
                        s.processing().meshTriangulation() == ImageProcessing.MeshTriangulation.IBSI, roi, values, classes.get(cls));
                case HISTOGRAM -> IntensityHistogram.compute(d);
                case IVH -> IntensityVolumeHistogram.compute(values, s.processing().ivhBinWidth(), s.resegmentRange());
                case GLDZM -> Gldzm.compute(d, shapeRoi, f2d);
                case LOCALINTENSITY -> {
                    if (image == null) {
                        throw new IllegalStateException("local intensity needs the original image");
                    }
                    yield LocalIntensity.compute(image, roi);
                }
            })));
        }
        ForkJoinTask.invokeAll(tasks);
        return new Computed(new EnumMap<>(out), d.grayLevels().length, d.levels());
    }

    /** Start order: single-threaded classes, then those counted in slice chunks, then first order. */
    private static int rank(FeatureClass c) {
        return switch (c) {
            case GLCM, GLRLM, LOCALINTENSITY -> 1;
            case FIRSTORDER -> 2;
            default -> 0;
        };
    }
}
