package org.covidmtl.api.features;

import java.util.List;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.osgi.annotation.versioning.ConsumerType;

/** Extracts features of a region. Registered with {@code covidmtl.stage=feature-extractor}. */
@ConsumerType
public interface FeatureExtractor {

    /** The names of the features {@link #extract} returns, in order. */
    List<String> featureNames();

    FeatureVector extract(Volume image, Mask region, Progress progress);
}
