/**
 * Cohorts: studies with their labels, features and the train/test split.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.covidmtl.api.cohort;
