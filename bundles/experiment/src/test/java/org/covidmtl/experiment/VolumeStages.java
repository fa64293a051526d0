package org.covidmtl.experiment;

import java.util.List;

import org.covidmtl.api.features.FeatureExtractor;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.assessment.AssessmentStages;
import org.covidmtl.assessment.Provider;
import org.covidmtl.segmentation.ClassicalSegmenter;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NiftiWriter;

/**
 * What prepares the volume runs' studies in tests: the platform's real NIfTI reader, the NIfTI writer
 * and the classical segmenter (the runtime's default), instantiated directly. The volume runs ask for nothing else.
 */
final class VolumeStages implements AssessmentStages {

    @Override
    public List<Provider<VolumeReader>> readers() {
        return List.of(new Provider<>("nifti", "", null, new NiftiReader()));
    }

    @Override
    public List<Provider<VolumeWriter>> writers() {
        return List.of(new Provider<>("nifti", "", null, new NiftiWriter()));
    }

    @Override
    public Provider<LungSegmenter> segmenter(String name) {
        if (name == null || name.equals("classical")) {
            return new Provider<>("classical", "", null, new ClassicalSegmenter());
        }
        throw new StageException("segmenter " + name, "no segmenter of that name is registered (registered: classical)");
    }

    @Override
    public Provider<FeatureExtractor> extractor() {
        throw new StageException("feature-extractor", "not used by the volume runs");
    }

    @Override
    public Provider<ModelFactory> model(String name) {
        throw new StageException("model " + name, "the experiment takes its models from its own inputs");
    }
}
