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
        boolean slices = f2d && s.processing().sliceAverage();
        for (FeatureClass cls : order) {
            if (slices && TEXTURE.contains(cls)) {
                tasks.add(ForkJoinTask.adapt(() -> out.put(cls, perSlice(cls, d, shapeRoi, s, classes.get(cls).contains("MCC")))));
                continue;
            }
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
                case IVH -> IntensityVolumeHistogram.compute(values, s.processing().ivhBinWidth(),
                        s.processing().ivhBinCount(), s.processing().resegmentMode() == ImageProcessing.ResegmentMode.ABSOLUTE
                                ? s.resegmentRange() : List.of());
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

    /** The texture classes, which {@code sliceAggregation: average} computes per slice. */
    static final List<FeatureClass> TEXTURE = List.of(FeatureClass.GLCM, FeatureClass.GLRLM, FeatureClass.GLSZM,
            FeatureClass.GLDZM, FeatureClass.GLDM, FeatureClass.NGTDM);

    /**
     * IBSI's 2-D texture: each class on each axial slice of the region (in-plane neighbours, the whole region's
     * discretisation, GLDZM distances within the slice of the morphological mask), each feature averaged over the
     * slices where it is defined.
     */
    static Map<String, Double> perSlice(FeatureClass cls, Discretised d, Roi shapeRoi, ExtractionSettings s, boolean mcc) {
        Roi r = d.roi();
        int plane = r.nx * r.ny;
        Map<String, double[]> sums = new java.util.LinkedHashMap<>();
        for (int z = 0; z < r.nz; z++) {
            if (r.sliceStarts[z + 1] == r.sliceStarts[z]) {
                continue;
            }
            Roi sr = new Roi(new int[] {r.x0, r.y0, r.z0 + z}, new int[] {r.x0 + r.nx - 1, r.y0 + r.ny - 1, r.z0 + z},
                    java.util.Arrays.copyOfRange(r.inside, z * plane, (z + 1) * plane), r.spacing);
            char[] lv = new char[Discretised.paddedLength(sr)];
            int row = r.nx + 2;
            int padPlane = row * (r.ny + 2);
            System.arraycopy(d.levels(), padPlane * (z + 1), lv, padPlane, padPlane);
            boolean[] present = new boolean[d.maxLevel() + 1];
            for (int i = padPlane; i < 2 * padPlane; i++) {
                present[lv[i]] = true;
            }
            int[] gl = java.util.stream.IntStream.rangeClosed(1, d.maxLevel()).filter(l -> present[l]).toArray();
            Discretised sd = new Discretised(sr, lv, d.maxLevel(), gl, d.binEdges());
            Map<String, Double> f = switch (cls) {
                case GLCM -> Glcm.compute(sd, mcc, true, s.processing().mergeDirections());
                case GLRLM -> Glrlm.compute(sd, true, s.processing().mergeDirections());
                case GLSZM -> Glszm.compute(sd, true);
                case GLDM -> Gldm.compute(sd, true);
                case NGTDM -> Ngtdm.compute(sd, true);
                case GLDZM -> Gldzm.compute(sd, slice(shapeRoi, r.z0 + z), true);
                default -> throw new IllegalArgumentException(cls + " is not a texture class");
            };
            f.forEach((k, v) -> {
                double[] a = sums.computeIfAbsent(k, x -> new double[2]);
                if (!Double.isNaN(v)) {
                    a[0] += v;
                    a[1]++;
                }
            });
        }
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        sums.forEach((k, a) -> out.put(k, a[1] == 0 ? Double.NaN : a[0] / a[1]));
        return out;
    }

    /** The axial slice at image z of a region (empty if outside its box). */
    static Roi slice(Roi m, int imageZ) {
        int z = imageZ - m.z0;
        int plane = m.nx * m.ny;
        boolean[] in = z >= 0 && z < m.nz ? java.util.Arrays.copyOfRange(m.inside, z * plane, (z + 1) * plane) : new boolean[plane];
        return new Roi(new int[] {m.x0, m.y0, imageZ}, new int[] {m.x0 + m.nx - 1, m.y0 + m.ny - 1, imageZ}, in, m.spacing);
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
