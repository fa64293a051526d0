/**
 * Lung segmentation contract: a {@link org.covidmtl.api.segmentation.LungSegmenter} takes a CT volume
 * in HU and {@link org.covidmtl.api.segmentation.SegmentationOptions}, and returns a
 * {@link org.covidmtl.api.segmentation.SegmentationResult} (mask, what each label means, volumes,
 * warnings) or throws a {@link org.covidmtl.api.segmentation.SegmentationException}.
 *
 * <p>A {@link org.covidmtl.api.segmentation.SegmentationMetrics} scores a mask against a reference.
 *
 * <p>2.0.0: {@code segment(Volume, Progress) → Mask} replaced by options and a result record.
 * 2.1.0: {@code SegmentationMetrics} added. 2.2.0: {@code SegmentationException} with a cause.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package org.covidmtl.api.segmentation;
