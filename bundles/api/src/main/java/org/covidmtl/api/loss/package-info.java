/**
 * Multitask loss strategies: how per-task losses are weighted at every training iteration.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.covidmtl.api.loss;
