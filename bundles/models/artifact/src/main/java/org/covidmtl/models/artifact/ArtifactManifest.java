package org.covidmtl.models.artifact;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.covidmtl.api.model.ModelSchema;

/**
 * The content of an artifact's {@code model.json}.
 *
 * @param schema what the model consumes and predicts (with the factory's name and version)
 * @param parameters the hyper-parameters it was created with (after defaults)
 * @param seed the seed of its training
 * @param loss the loss strategy's name, or {@code null} when none was used
 * @param trainingData what it was trained on: e.g. {@code radiomics.csv train split, 930 studies, sha256 …}
 *        (or where imported weights came from)
 * @param created ISO-8601 instant
 * @param provenance anything else worth keeping (platform version, Java, backend, wall seconds)
 * @param files every other file of the folder → its SHA-256 (hex); filled by {@link Artifacts#write}
 */
public record ArtifactManifest(ModelSchema schema, Map<String, String> parameters, long seed, String loss,
        String trainingData, String created, Map<String, String> provenance, Map<String, String> files) {

    /** The version of this layout; a reader refuses a newer one. */
    public static final int FORMAT = 1;
    /** The manifest's file name. */
    public static final String FILE = "model.json";

    public ArtifactManifest {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    public ArtifactManifest withFiles(Map<String, String> f) {
        return new ArtifactManifest(schema, parameters, seed, loss, trainingData, created, provenance, f);
    }
}
