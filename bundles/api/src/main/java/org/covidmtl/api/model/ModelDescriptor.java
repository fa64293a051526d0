package org.covidmtl.api.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a {@link ModelFactory} makes.
 *
 * @param name the zoo name, e.g. {@code fnn-mtl} (also the service's {@code covidmtl.name})
 * @param version version of the model's definition and artifact layout ({@code major.minor.micro}); an artifact
 *        loads into a factory with the same major version and a minor version at least the artifact's
 * @param inputs what its models consume
 * @param multitask whether one model predicts several tasks at once and so takes a loss strategy
 * @param description one line
 */
public record ModelDescriptor(String name, String version, Set<ModelInput> inputs, boolean multitask,
        String description) {
    public ModelDescriptor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
        if (version == null || !version.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalArgumentException("model " + name + ": version must be major.minor.micro, is " + version);
        }
        inputs = inputs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(inputs));
    }

    /** Whether an artifact written by version {@code artifactVersion} of this model loads into this one. */
    public boolean canLoad(String artifactVersion) {
        if (artifactVersion == null || !artifactVersion.matches("\\d+\\.\\d+\\.\\d+")) {
            return false;
        }
        String[] a = artifactVersion.split("\\.");
        String[] v = version.split("\\.");
        return a[0].equals(v[0]) && Integer.parseInt(a[1]) <= Integer.parseInt(v[1]);
    }
}
