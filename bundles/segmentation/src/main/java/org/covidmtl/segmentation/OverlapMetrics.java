package org.covidmtl.segmentation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.covidmtl.api.segmentation.SegmentationMetrics;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.segmentation.io.LabelMasks;

/** {@link MaskMetrics} behind the {@link SegmentationMetrics} contract. */
public final class OverlapMetrics implements SegmentationMetrics {

    @Override
    public Map<String, Double> score(Mask mask, Mask reference, int[] referenceLabels) {
        LabelMasks.requireSameGrid("the mask", mask.geometry(), "reference mask", reference.geometry());
        MaskMetrics m = MaskMetrics.compare(mask.geometry(), LabelMasks.select(mask, new int[0]), reference.geometry(),
                LabelMasks.select(reference, referenceLabels));
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(DICE, m.dice());
        out.put(JACCARD, m.jaccard());
        out.put(MCC, m.mcc());
        out.put(PRECISION, m.precision());
        out.put(RECALL, m.recall());
        out.put(HD95_MM, m.hd95Mm());
        return out;
    }
}
