package org.covidmtl.radiomics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;

/** Computes the enabled classes of one image in parallel, on one shared discretisation. */
final class FamilyComputer {
    private FamilyComputer() {
    }

    /** The values per class, and the number of grey levels the discretisation produced. */
    record Computed(Map<FeatureClass, Map<String, Double>> values, int grayLevels) {
    }

    static Computed compute(Roi roi, double[] box, Map<FeatureClass, List<String>> classes,
            ExtractionSettings s) {
        Discretised d = Discretiser.discretise(roi, box, s.binWidth(), s.binCount());
        double voxelVolume = roi.spacing[0] * roi.spacing[1] * roi.spacing[2];
        Map<FeatureClass, Map<String, Double>> out = new ConcurrentHashMap<>();
        classes.entrySet().parallelStream().forEach(e -> out.put(e.getKey(), switch (e.getKey()) {
            case FIRSTORDER -> FirstOrder.compute(roi.regionValues(box), d, s.voxelArrayShift(), voxelVolume);
            case GLCM -> Glcm.compute(d, e.getValue().contains("MCC"));
            case GLRLM -> Glrlm.compute(d);
            case GLSZM -> Glszm.compute(d);
            case GLDM -> Gldm.compute(d);
            case NGTDM -> Ngtdm.compute(d);
            case SHAPE -> ShapeFeatures.compute(roi);
        }));
        return new Computed(new EnumMap<>(out), d.grayLevels().length);
    }
}
