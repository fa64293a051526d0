/**
 * Evaluators that turn predictions and ground truth into metrics.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.covidmtl.api.evaluation;
