package org.covidmtl.assessment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.covidmtl.api.features.FeatureExtractor;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageDirectory.Selected;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageInfo;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The assessment's providers, looked up in the stage directory at every call (never by class). Used by the
 * assessment's commands and by {@code mtl:experiment run} for the volume runs' study preparation.
 */
public final class DirectoryAssessmentStages implements AssessmentStages {
    private final StageDirectory directory;

    /**
     * @throws StageException when {@code directory} is null (the platform's directory is not started)
     */
    public DirectoryAssessmentStages(StageDirectory directory) {
        if (directory == null) {
            throw new StageException("stage directory", "the stage directory is not available (is org.covidmtl.platform.directory started?)");
        }
        this.directory = directory;
    }

    @Override
    public List<Provider<VolumeReader>> readers() {
        // a .dtm is DICOM-wrapped: its own reader is asked before the DICOM reader, which comes last
        List<Selected<VolumeReader>> l = new ArrayList<>(
                directory.providers(VolumeReader.class, StageProperties.STAGE_VOLUME_READER));
        l.sort(Comparator.comparingInt(s -> rank(s.name())));
        return l.stream().map(s -> provider(StageProperties.STAGE_VOLUME_READER, s)).toList();
    }

    private static int rank(String name) {
        return switch (name) {
            case "covid-mtl-dtm" -> 0;
            case "dicom" -> 2;
            default -> 1;
        };
    }

    @Override
    public List<Provider<VolumeWriter>> writers() {
        return directory.providers(VolumeWriter.class, StageProperties.STAGE_VOLUME_WRITER).stream()
                .map(s -> provider(StageProperties.STAGE_VOLUME_WRITER, s)).toList();
    }

    @Override
    public Provider<LungSegmenter> segmenter(String name) {
        Optional<Selected<LungSegmenter>> s = name == null
                ? directory.select(LungSegmenter.class, StageProperties.STAGE_SEGMENTER)
                : directory.select(LungSegmenter.class, StageProperties.STAGE_SEGMENTER, name);
        return provider(StageProperties.STAGE_SEGMENTER, s.orElseThrow(() -> new StageException(
                name == null ? StageProperties.STAGE_SEGMENTER : "--segmenter " + name,
                name == null ? "no segmenter is registered (feature segmentation)"
                        : "no segmenter of that name is registered (registered: "
                                + registered(LungSegmenter.class, StageProperties.STAGE_SEGMENTER) + ")")));
    }

    @Override
    public Provider<FeatureExtractor> extractor() {
        return provider(StageProperties.STAGE_FEATURE_EXTRACTOR,
                directory.select(FeatureExtractor.class, StageProperties.STAGE_FEATURE_EXTRACTOR)
                        .orElseThrow(() -> new StageException(StageProperties.STAGE_FEATURE_EXTRACTOR,
                                "no feature extractor is registered (feature radiomics)")));
    }

    @Override
    public Provider<ModelFactory> model(String name) {
        return provider(StageProperties.STAGE_MODEL,
                directory.select(ModelFactory.class, StageProperties.STAGE_MODEL, name)
                        .orElseThrow(() -> new StageException("model " + name, "no model factory of that name is "
                                + "registered (registered: " + registered(ModelFactory.class, StageProperties.STAGE_MODEL)
                                + ")")));
    }

    @Override
    public Provider<LossStrategy> loss(String name) {
        Optional<Selected<LossStrategy>> s = name == null
                ? directory.select(LossStrategy.class, StageProperties.STAGE_LOSS)
                : directory.select(LossStrategy.class, StageProperties.STAGE_LOSS, name);
        return provider(StageProperties.STAGE_LOSS, s.orElseThrow(() -> new StageException(
                name == null ? "loss \"default\"" : "loss " + name,
                name == null ? "no loss strategy is registered (feature loss)"
                        : "no loss strategy of that name is registered (registered: "
                                + registered(LossStrategy.class, StageProperties.STAGE_LOSS) + ")")));
    }

    private <S> String registered(Class<S> type, String stage) {
        List<String> names = directory.providers(type, stage).stream().map(Selected::name).sorted().toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private <S> Provider<S> provider(String stage, Selected<S> s) {
        String description = "";
        for (StageInfo i : directory.stages()) {
            if (i.stage().equals(stage) && i.name().equals(s.name())) {
                Object d = i.properties().get(StageProperties.DESCRIPTION);
                description = d == null ? "" : d.toString();
                break;
            }
        }
        Bundle b = FrameworkUtil.getBundle(s.service().getClass());
        return new Provider<>(s.name(), description, b == null ? null : b.getVersion().toString(), s.service());
    }
}
