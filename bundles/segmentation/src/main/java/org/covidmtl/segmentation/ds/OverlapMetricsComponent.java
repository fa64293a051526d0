package org.covidmtl.segmentation.ds;

import java.util.Map;

import org.covidmtl.api.segmentation.SegmentationMetrics;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.segmentation.OverlapMetrics;
import org.osgi.service.component.annotations.Component;

/** Registers {@link OverlapMetrics} as the {@code overlap} provider of the {@code segmentation-metrics} stage. */
@Component(property = {
        StageProperties.STAGE + "=" + SegmentationMetrics.STAGE,
        StageProperties.NAME + "=overlap",
        StageProperties.DESCRIPTION + "=Dice, Jaccard, MCC, precision, recall, HD95 (mm) of a mask against a reference" })
public class OverlapMetricsComponent implements SegmentationMetrics {
    private final OverlapMetrics metrics = new OverlapMetrics();

    @Override
    public Map<String, Double> score(Mask mask, Mask reference, int[] referenceLabels) {
        return metrics.score(mask, reference, referenceLabels);
    }
}
