package org.covidmtl.assessment;

import java.util.List;

import org.covidmtl.api.features.FeatureExtractor;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;

/**
 * The providers an assessment needs, looked up at every call (in OSGi: in the stage directory, never by class).
 * Every lookup that finds nothing throws a one-line {@link org.covidmtl.api.stage.StageException} saying what is
 * missing.
 */
public interface AssessmentStages {

    /** The volume readers in the order they are asked (the first that recognises an input reads it). */
    List<Provider<VolumeReader>> readers();

    /** The volume writers (the first whose ending the file name has writes it). */
    List<Provider<VolumeWriter>> writers();

    /** The segmenter named {@code name}, or the segmenter stage's default when {@code name} is null. */
    Provider<LungSegmenter> segmenter(String name);

    /** The feature extractor (the {@code feature-extractor} stage's default). */
    Provider<FeatureExtractor> extractor();

    /** The model factory registered under {@code name} (an artifact's model name, e.g. {@code random-forest}). */
    Provider<ModelFactory> model(String name);

    /**
     * The loss strategy registered under {@code name} (e.g. {@code random-weighted}), or the loss stage's default
     * when {@code name} is null ({@code mtl:train}). Implementations without losses refuse.
     */
    default Provider<LossStrategy> loss(String name) {
        throw new StageException(name == null ? StageProperties.STAGE_LOSS : "loss " + name,
                "no loss strategy is registered");
    }
}
