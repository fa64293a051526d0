package org.covidmtl.radiomics.ds;

import java.nio.file.Path;
import java.util.List;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureExtractor;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.radiomics.RadiomicsEngine;
import org.covidmtl.radiomics.SettingsReader;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Registers the radiomics engine as the {@code radiomics} feature extractor. */
@Component(property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_FEATURE_EXTRACTOR,
        StageProperties.NAME + "=radiomics",
        StageProperties.DESCRIPTION + "=PyRadiomics-compatible, IBSI-checked radiomics: first order, GLCM, GLRLM, GLSZM, GLDM, NGTDM; original and wavelet" })
public class RadiomicsExtractorComponent implements FeatureExtractor {
    private final RadiomicsEngine engine;

    @Activate
    public RadiomicsExtractorComponent(BundleContext context) {
        this.engine = new RadiomicsEngine("radiomics", context.getBundle().getVersion().toString());
    }

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
}
