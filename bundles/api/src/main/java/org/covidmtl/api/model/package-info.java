/**
 * The model zoo contract: factories that create trainable models for features and volumes, trained models
 * saved as artifacts and loaded without the training data, and one study in, one prediction out.
 * <p>
 * 2.0.0 (breaking): {@link ModelFactory#descriptor()} replaces {@code inputs()}/{@code multitask()};
 * {@link ModelFactory#load(java.nio.file.Path)} reads a trained-model artifact; {@link Model#fit} no longer
 * takes a loss strategy (it arrives in {@link ModelSettings#loss()}, and only for multitask models);
 * {@link Model#predict(Study)}, {@link Model#schema()} and {@link Model#save(java.nio.file.Path)} are new.
 * 2.1.0: {@link StudyTraining} and {@link LabelledStudy} (training on streamed volumes).
 * 2.2.0: {@link ClassActivation} (class activation maps), {@link HeldOutPredictions} (calibration data kept in
 * the artifact) and {@link TransferLearning} (new heads on a trained trunk).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package org.covidmtl.api.model;
