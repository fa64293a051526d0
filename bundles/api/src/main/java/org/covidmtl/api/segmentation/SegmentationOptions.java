package org.covidmtl.api.segmentation;

/**
 * What a segmenter labels and removes.
 *
 * @param separateSides label the right lung {@link SegmentationResult#RIGHT_LUNG} and the left lung
 *        {@link SegmentationResult#LEFT_LUNG}; otherwise one label {@link SegmentationResult#LUNG}
 * @param removeAirways remove the trachea and main bronchi (air outside the lung parenchyma)
 * @param threads worker threads, at least 1
 */
public record SegmentationOptions(boolean separateSides, boolean removeAirways, int threads) {

    public SegmentationOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** Both sides labelled, airways removed, one thread per available processor. */
    public static SegmentationOptions defaults() {
        return new SegmentationOptions(true, true, Runtime.getRuntime().availableProcessors());
    }

    public SegmentationOptions withSeparateSides(boolean separate) {
        return new SegmentationOptions(separate, removeAirways, threads);
    }

    public SegmentationOptions withRemoveAirways(boolean remove) {
        return new SegmentationOptions(separateSides, remove, threads);
    }

    public SegmentationOptions withThreads(int n) {
        return new SegmentationOptions(separateSides, removeAirways, n);
    }
}
