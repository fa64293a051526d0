package org.covidmtl.api.volume;

import java.util.List;
import java.util.Map;

/**
 * What a reader returns: the volume, an optional mask read with it (RTSTRUCT, label file), what was
 * chosen (series, study) and every warning (padding mapped to air, gaps interpolated, ...).
 *
 * @param volume the image in HU (CT) or stored units
 * @param mask a mask that came with it, or {@code null}
 * @param source the input as given
 * @param description what was read, e.g. the chosen series and why
 * @param warnings everything that was adjusted or is doubtful, never silently dropped
 * @param metadata reader-specific facts (modality, series UID, ...)
 */
public record LoadedVolume(Volume volume, Mask mask, String source, String description, List<String> warnings,
        Map<String, String> metadata) {

    public LoadedVolume {
        warnings = List.copyOf(warnings);
        metadata = Map.copyOf(metadata);
    }
}
