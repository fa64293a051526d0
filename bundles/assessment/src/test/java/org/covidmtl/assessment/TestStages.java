package org.covidmtl.assessment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureExtractor;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.covidmtl.models.features.RandomForestFactory;
import org.covidmtl.models.volume.CovidMtlFactory;
import org.covidmtl.radiomics.RadiomicsEngine;
import org.covidmtl.radiomics.SettingsReader;
import org.covidmtl.segmentation.ClassicalSegmenter;
import org.covidmtl.segmentation.RefinedSegmenter;
import org.covidmtl.volume.io.CovidMtlFormat;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NiftiWriter;
import org.covidmtl.volume.io.NrrdReader;
import org.covidmtl.volume.io.NrrdWriter;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.junit.jupiter.api.Assumptions;

/**
 * The platform's real providers without OSGi, in the runtime's order: readers (.dtm before DICOM), writers, both
 * segmenters ({@code classical} is the default, as its ranking makes it in the runtime), the radiomics engine and
 * the {@code random-forest} and {@code covid-mtl} factories, the {@code random-weighted} loss.
 */
final class TestStages implements AssessmentStages {
    private final CovidMtlFormat dtm = new CovidMtlFormat();

    @Override
    public List<Provider<VolumeReader>> readers() {
        return List.of(p("covid-mtl-dtm", dtm), p("nifti", new NiftiReader()), p("nrrd", new NrrdReader()),
                p("dicom", new DicomSeriesReader()));
    }

    @Override
    public List<Provider<VolumeWriter>> writers() {
        return List.of(p("nifti", new NiftiWriter()), p("nrrd", new NrrdWriter()), p("covid-mtl-dtm", dtm));
    }

    @Override
    public Provider<LungSegmenter> segmenter(String name) {
        if (name == null || name.equals("classical")) {
            return p("classical", new ClassicalSegmenter());
        }
        if (name.equals("refined")) {
            return p("refined", new RefinedSegmenter(new ClassicalSegmenter(), RefinedSegmenter.Settings.paper()));
        }
        throw new StageException("--segmenter " + name, "no segmenter of that name is registered");
    }

    @Override
    public Provider<FeatureExtractor> extractor() {
        RadiomicsEngine engine = new RadiomicsEngine("radiomics", "test");
        return p("radiomics", new FeatureExtractor() {
            @Override
            public List<String> featureNames(ExtractionSettings settings) {
                return engine.featureNames(settings);
            }

            @Override
            public FeatureResult extract(Volume image, Mask region, ExtractionSettings settings, Progress progress) {
                return engine.extract(image, region, settings, progress);
            }

            @Override
            public ExtractionSettings readSettings(Path parameterFile) {
                return SettingsReader.read(parameterFile);
            }
        });
    }

    @Override
    public Provider<ModelFactory> model(String name) {
        if (name.equals(RandomForestFactory.NAME)) {
            return p(name, new RandomForestFactory());
        }
        if (name.equals(CovidMtlFactory.NAME)) {
            return p(name, new CovidMtlFactory());
        }
        throw new StageException("model " + name, "no model factory of that name is registered");
    }

    /** {@code random-weighted} (the paper's: 2 Dirichlet draws), also the loss stage's default here. */
    @Override
    public Provider<LossStrategy> loss(String name) {
        if (name == null || name.equals("random-weighted")) {
            return p("random-weighted", new RandomWeightedLoss(2, false));
        }
        throw new StageException("loss " + name, "no loss strategy of that name is registered");
    }

    private static <S> Provider<S> p(String name, S service) {
        return new Provider<>(name, "", "test", service);
    }

    /** The shared reference data (system property covidmtl.shared). */
    static Path shared() {
        String p = System.getProperty("covidmtl.shared");
        Path root = p != null ? Paths.get(p) : Paths.get("../../../shared");
        Assumptions.assumeTrue(Files.isDirectory(root), "shared data not found at " + root);
        return root.toAbsolutePath().normalize();
    }

    static Path data(String rel) {
        Path f = shared().resolve("data").resolve(rel);
        if (!Files.exists(f)) {
            throw new IllegalStateException("missing reference file " + f);
        }
        return f;
    }

    /** The repository's config folder (system property covidmtl.config). */
    static Path radiomicsParams() {
        String p = System.getProperty("covidmtl.config");
        Path config = p != null ? Paths.get(p) : Paths.get("../../config");
        return config.resolve("radiomics/covid-mtl-375.yaml").toAbsolutePath().normalize();
    }

    /** A configuration whose default model is a 50-tree forest cached under {@code home}. */
    static AssessmentConfig config(Path home) {
        return new AssessmentConfig(radiomicsParams(), home.resolve("models/default-random-forest"), shared(),
                Map.of("trees", "50"), "test");
    }
}
