package org.covidmtl.api.segmentation;

import java.util.Map;

import org.covidmtl.api.volume.Mask;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Scores a lung mask against a reference mask on the same grid. Registered with
 * {@code covidmtl.stage=segmentation-metrics} ({@link #STAGE}) and {@code covidmtl.name=<provider>}.
 *
 * @since 2.1
 */
@ConsumerType
public interface SegmentationMetrics {
    /** The stage name of metric providers. */
    String STAGE = "segmentation-metrics";

    /** Key of the Dice coefficient. */
    String DICE = "dice";
    /** Key of the Jaccard index. */
    String JACCARD = "jaccard";
    /** Key of the Matthews correlation coefficient. */
    String MCC = "mcc";
    /** Key of the precision (positive predictive value). */
    String PRECISION = "precision";
    /** Key of the recall (sensitivity). */
    String RECALL = "recall";
    /** Key of the 95th-percentile Hausdorff distance, mm. */
    String HD95_MM = "hd95_mm";

    /**
     * Scores the non-zero voxels of {@code mask} against the voxels of {@code reference} whose label is
     * one of {@code referenceLabels}.
     *
     * @param mask the prediction
     * @param reference the reference, on the same grid as the mask
     * @param referenceLabels the reference labels that count as lung; empty = every non-zero label
     * @return the metrics in a fixed order, at least {@link #DICE}, {@link #JACCARD}, {@link #MCC},
     *         {@link #PRECISION}, {@link #RECALL}, {@link #HD95_MM} (NaN where undefined)
     * @throws SegmentationException when the reference lies on another grid, naming both geometries
     */
    Map<String, Double> score(Mask mask, Mask reference, int[] referenceLabels);
}
