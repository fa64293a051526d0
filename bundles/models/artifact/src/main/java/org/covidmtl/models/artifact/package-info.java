/**
 * Trained-model artifacts: a folder with {@code model.json} ({@link ArtifactManifest}: the model's schema,
 * settings, seed, loss, training-data hash, provenance and a SHA-256 of every other file) beside the files the
 * model writes itself. {@link Artifacts#write} makes the folder appear complete or not at all;
 * {@link Artifacts#open} reads and checks it for one factory.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.covidmtl.models.artifact;
