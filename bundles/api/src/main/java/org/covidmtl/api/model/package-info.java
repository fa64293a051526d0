/**
 * The model zoo contract: factories that create trainable models for features and volumes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.covidmtl.api.model;
