package org.covidmtl.api.features;

import java.nio.file.Path;
import java.util.List;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.osgi.annotation.versioning.ConsumerType;

/** Extracts features of a region. Registered with {@code covidmtl.stage=feature-extractor}. */
@ConsumerType
public interface FeatureExtractor {

    /**
     * The names {@link #extract} returns for these settings, in order.
     *
     * @throws UnknownFeatureException if the settings enable a feature this extractor does not know
     * @throws InvalidSettingException if the settings ask for something this extractor cannot do
     */
    List<String> featureNames(ExtractionSettings settings);

    /**
     * Extracts the features of the voxels of {@code region} whose label is {@link ExtractionSettings#label()}.
     *
     * @throws GridMismatchException if image and mask are not on the same grid
     * @throws EmptyMaskException if no voxel is left to measure
     * @throws LabelAbsentException if the mask has voxels, but none with the label
     */
    FeatureResult extract(Volume image, Mask region, ExtractionSettings settings, Progress progress);

    /**
     * Reads a parameter file (PyRadiomics YAML: {@code setting}, {@code imageType}, {@code featureClass}).
     *
     * @throws InvalidSettingException naming the file and the key if the file is unreadable or invalid
     */
    ExtractionSettings readSettings(Path parameterFile);
}
