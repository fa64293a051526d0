/**
 * Hounsfield-unit volumes and masks with their physical geometry (LPS), and the volume reader and writer contracts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.covidmtl.api.volume;
