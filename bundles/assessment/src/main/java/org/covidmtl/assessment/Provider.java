package org.covidmtl.assessment;

/**
 * A stage provider as the assessment records it.
 *
 * @param name its {@code covidmtl.name}
 * @param description its one-line {@code covidmtl.description} (may be empty)
 * @param version the version of the bundle that provides it ({@code dev} outside OSGi)
 * @param service the service object
 */
public record Provider<S>(String name, String description, String version, S service) {
    public Provider {
        description = description == null ? "" : description;
        version = version == null ? "dev" : version;
    }
}
