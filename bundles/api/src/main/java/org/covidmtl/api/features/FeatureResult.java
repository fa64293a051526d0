package org.covidmtl.api.features;

import java.util.List;
import java.util.Map;

/**
 * What an extraction returns: the values, diagnostics about the run (voxel counts, grey levels,
 * warnings) and the provenance needed to reproduce it.
 *
 * @param features the values, named and ordered as {@link FeatureExtractor#featureNames} says
 * @param diagnostics ordered, PyRadiomics-style diagnostic entries ({@code original.voxels}, ...)
 * @param warnings things that did not stop the extraction but change its meaning
 * @param provenance settings, inputs and versions
 */
public record FeatureResult(FeatureVector features, Map<String, String> diagnostics, List<String> warnings,
        Provenance provenance) {
    public FeatureResult {
        diagnostics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(diagnostics));
        warnings = List.copyOf(warnings);
    }
}
