/**
 * Stage metadata, service selection, progress and cancellation, and the typed error every stage raises.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.covidmtl.api.stage;
