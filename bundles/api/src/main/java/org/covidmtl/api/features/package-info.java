/**
 * Radiomic and other feature-extraction contract: typed extraction settings, the extractor service, and its
 * result (values with diagnostics and provenance). 2.0.0: extraction and feature names depend on
 * {@link org.covidmtl.api.features.ExtractionSettings}; the result is a {@link org.covidmtl.api.features.FeatureResult}.
 * 2.1.0: {@link org.covidmtl.api.features.ImageProcessing} (resampling interpolators and grid alignment,
 * intensity rounding, bin lower bound, force2D, resegmentShape) in {@code ExtractionSettings.processing}.
 * 2.2.0: image types {@code LoG}, {@code Square}, {@code SquareRoot}, {@code Logarithm}, {@code Exponential},
 * {@code Gradient} in {@link org.covidmtl.api.features.ImageType}, with {@code ExtractionSettings.logSigma} and
 * {@code ExtractionSettings.gradientUseSpacing}.
 * 2.3.0: {@link org.covidmtl.api.features.HogSettings} (the COVID-MTL reference's scikit-image HOG of one axial
 * slice) in {@code ExtractionSettings.hog}; with HOG, no image type need be enabled.
 * 2.4.0: IBSI families {@code HISTOGRAM}, {@code IVH}, {@code GLDZM}, {@code LOCALINTENSITY} in
 * {@link org.covidmtl.api.features.FeatureClass}; {@code ImageProcessing.meshTriangulation} (PyRadiomics' or IBSI's
 * mesh), {@code ImageProcessing.ivhBinWidth}, {@code ImageProcessing.sliceAverage} (IBSI's per-slice 2-D texture);
 * {@link org.covidmtl.api.features.NameStyle#IBSI}.
 * 2.5.0: {@code ImageProcessing.resegmentMode} (PyRadiomics' absolute, relative, sigma), {@code ImageProcessing.resegmentOutliers}
 * (IBSI's outlier filtering, intersected with the range), {@code ImageProcessing.ivhBinCount} (IBSI's IVH in arbitrary units);
 * {@link org.covidmtl.api.features.ImageProcessing.Interpolator#BSPLINE} is implemented by the radiomics bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.5.0")
package org.covidmtl.api.features;
