package org.covidmtl.api.features;

import java.time.Instant;

import org.covidmtl.api.volume.VolumeGeometry;

/**
 * Where a feature vector came from.
 *
 * @param settings the settings used
 * @param imageSha256 SHA-256 of the image voxels (float32, little-endian, i fastest)
 * @param maskSha256 SHA-256 of the mask labels
 * @param geometry the grid of image and mask
 * @param extractor the provider's {@code covidmtl.name}
 * @param extractorVersion the provider bundle's version
 * @param extractedAt when the extraction finished
 */
public record Provenance(ExtractionSettings settings, String imageSha256, String maskSha256, VolumeGeometry geometry,
        String extractor, String extractorVersion, Instant extractedAt) {
}
