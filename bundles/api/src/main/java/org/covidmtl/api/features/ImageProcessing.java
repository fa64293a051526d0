package org.covidmtl.api.features;

/**
 * How the image and mask are prepared before features are computed, where PyRadiomics and the IBSI differ
 * (PyRadiomics' names in brackets). {@link #PYRADIOMICS} is PyRadiomics' behaviour; the IBSI configurations
 * set the IBSI choices explicitly.
 *
 * @param interpolator image interpolator of the resampling [interpolator, sitkBSpline]
 * @param maskInterpolator mask interpolator of the resampling: {@link Interpolator#NEAREST} as PyRadiomics,
 *        {@link Interpolator#LINEAR} with {@code maskThreshold} as the IBSI
 * @param maskThreshold partial-volume threshold of a linearly interpolated mask: a voxel is in the mask if
 *        the interpolated label fraction is at least this (IBSI 0.5)
 * @param gridAlignment where the resampled grid lies
 * @param roundIntensities round intensities to the nearest integer after loading and after interpolation (IBSI)
 * @param binLowerBound lower bound of the fixed-bin-width discretisation (IBSI: the re-segmentation range's
 *        minimum), or null for PyRadiomics' {@code min − min mod binWidth}
 * @param force2D texture matrices in the axial plane only (in-plane neighbours), merged over the slices,
 *        as PyRadiomics' force2D with force2Ddimension 0 (IBSI's 2.5-D merging) [force2D, false]
 * @param resegmentShape shape on the re-segmented mask rather than the mask as given (IBSI: the
 *        morphological mask is not re-segmented) [resegmentShape, false]
 * @param mergeDirections GLCM and GLRLM from one matrix merged over the directions (IBSI's "comb" / "merged"
 *        aggregation) instead of features per direction averaged (PyRadiomics, IBSI's "avg")
 * @param meshTriangulation how the marching-cubes polygons of shape are triangulated (2.4.0) [meshTriangulation,
 *        pyradiomics]
 * @param ivhBinWidth the intensity-volume histogram's bin width (IBSI's "continuous" case, e.g. 2.5 HU in its
 *        configuration C, bins from {@code binLowerBound}), or null to use the intensities as they are (IBSI's
 *        "discrete" case: integers, step 1) (2.4.0) [ivhBinWidth, null]
 * @param sliceAverage with force2D, texture features computed per axial slice and averaged over the slices (IBSI's
 *        2-D features) instead of from matrices merged over the slices (PyRadiomics' force2D, IBSI's 2.5-D)
 *        (2.4.0) [sliceAggregation: average | merged, merged]
 * @param resegmentMode how {@code ExtractionSettings.resegmentRange} is read: intensities ({@link ResegmentMode#ABSOLUTE}),
 *        fractions of the region's maximum ({@link ResegmentMode#RELATIVE}) or numbers of standard deviations from the
 *        region's mean ({@link ResegmentMode#SIGMA}) (2.5.0) [resegmentMode, absolute]
 * @param resegmentOutliers IBSI's intensity outlier filtering: voxels outside {@code μ ± k·σ} of the region's
 *        intensities leave it ({@code k} = this, IBSI 3; μ, σ: mean and population standard deviation of the region
 *        before re-segmentation); with a range, the intersection of both intervals (IBSI), or null for none (2.5.0)
 *        [resegmentOutliers, null]
 * @param ivhBinCount the intensity-volume histogram on the region discretised into this many bins between its
 *        minimum and maximum (IBSI's "arbitrary intensity units" case, configuration E: 1000; the re-segmentation
 *        range is not used), or null; excludes {@code ivhBinWidth} (2.5.0) [ivhBinCount, null]
 */
public record ImageProcessing(Interpolator interpolator, Interpolator maskInterpolator, double maskThreshold,
        GridAlignment gridAlignment, boolean roundIntensities, Double binLowerBound, boolean force2D, boolean resegmentShape,
        boolean mergeDirections, MeshTriangulation meshTriangulation, Double ivhBinWidth, boolean sliceAverage,
        ResegmentMode resegmentMode, Double resegmentOutliers, Integer ivhBinCount) {

    /** PyRadiomics' behaviour. */
    public static final ImageProcessing PYRADIOMICS = new ImageProcessing(Interpolator.BSPLINE, Interpolator.NEAREST, 0.5,
            GridAlignment.PYRADIOMICS, false, null, false, false, false, MeshTriangulation.PYRADIOMICS, null, false,
            ResegmentMode.ABSOLUTE, null, null);

    /** The 2.4.0 form: absolute re-segmentation range, no outlier filtering, no IVH bin count. */
    public ImageProcessing(Interpolator interpolator, Interpolator maskInterpolator, double maskThreshold,
            GridAlignment gridAlignment, boolean roundIntensities, Double binLowerBound, boolean force2D, boolean resegmentShape,
            boolean mergeDirections, MeshTriangulation meshTriangulation, Double ivhBinWidth, boolean sliceAverage) {
        this(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound, force2D, resegmentShape,
                mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage, ResegmentMode.ABSOLUTE, null, null);
    }

    /** The 2.1.0 form: PyRadiomics' mesh triangulation, no IVH bin width, slices merged. */
    public ImageProcessing(Interpolator interpolator, Interpolator maskInterpolator, double maskThreshold,
            GridAlignment gridAlignment, boolean roundIntensities, Double binLowerBound, boolean force2D, boolean resegmentShape,
            boolean mergeDirections) {
        this(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound, force2D, resegmentShape,
                mergeDirections, MeshTriangulation.PYRADIOMICS, null, false, ResegmentMode.ABSOLUTE, null, null);
    }

    /**
     * Triangulation of the marching-cubes polygons (non-planar polygons have several), 2.4.0. {@link #PYRADIOMICS}:
     * the least area at the image's spacing (reproduces PyRadiomics' baselines); {@link #IBSI}: the largest enclosed
     * volume (reproduces the IBSI consensus mesh of the digital phantom).
     */
    public enum MeshTriangulation {
        PYRADIOMICS, IBSI;

        /** {@code pyradiomics} or {@code ibsi}. */
        public static MeshTriangulation of(String name) {
            return switch (name) {
                case "pyradiomics" -> PYRADIOMICS;
                case "ibsi" -> IBSI;
                default -> throw new InvalidSettingException("meshTriangulation", "must be pyradiomics or ibsi, is " + name);
            };
        }
    }

    /** Resampling interpolators (SimpleITK's names: sitkNearestNeighbor, sitkLinear, sitkBSpline). */
    public enum Interpolator {
        NEAREST("sitkNearestNeighbor"), LINEAR("sitkLinear"), BSPLINE("sitkBSpline");

        private final String sitkName;

        Interpolator(String sitkName) {
            this.sitkName = sitkName;
        }

        public String sitkName() {
            return sitkName;
        }

        /** By SimpleITK name ({@code sitkLinear}) or constant name ({@code linear}). */
        public static Interpolator of(String name) {
            for (Interpolator i : values()) {
                if (i.sitkName.equals(name) || i.name().equalsIgnoreCase(name)) {
                    return i;
                }
            }
            throw new InvalidSettingException("interpolator", "unknown interpolator " + name
                    + "; known: sitkNearestNeighbor, sitkLinear, sitkBSpline");
        }
    }

    /** How the re-segmentation range is read (PyRadiomics' {@code resegmentMode}), 2.5.0. */
    public enum ResegmentMode {
        /** Intensities. */
        ABSOLUTE,
        /** Fractions of the region's maximum intensity. */
        RELATIVE,
        /** Numbers of (population) standard deviations from the region's mean intensity. */
        SIGMA;

        /** {@code absolute}, {@code relative} or {@code sigma}. */
        public static ResegmentMode of(String name) {
            return switch (name) {
                case "absolute" -> ABSOLUTE;
                case "relative" -> RELATIVE;
                case "sigma" -> SIGMA;
                default -> throw new InvalidSettingException("resegmentMode", "must be absolute, relative or sigma, is " + name);
            };
        }
    }

    /** Placement of a resampled grid. */
    public enum GridAlignment {
        /** PyRadiomics: a grid over the mask's bounding box, its origin at the box's corner. */
        PYRADIOMICS,
        /**
         * IBSI: grid size {@code ceil(n·s/s')} per axis, its centre on the centre of the original grid
         * ("fit to original grid centres"); values beyond the original grid take the nearest boundary value.
         */
        IBSI_CENTRE;

        /** {@code pyradiomics} or {@code ibsi-centre} (also {@code ibsi-center}). */
        public static GridAlignment of(String name) {
            return switch (name) {
                case "pyradiomics" -> PYRADIOMICS;
                case "ibsi-centre", "ibsi-center" -> IBSI_CENTRE;
                default -> throw new InvalidSettingException("gridAlignment", "must be pyradiomics or ibsi-centre, is " + name);
            };
        }
    }

    public ImageProcessing {
        if (interpolator == null || maskInterpolator == null || gridAlignment == null) {
            throw new InvalidSettingException("interpolator", "interpolators and grid alignment must be given");
        }
        if (!(maskThreshold > 0 && maskThreshold <= 1)) {
            throw new InvalidSettingException("maskThreshold", "must be in (0, 1], is " + maskThreshold);
        }
        if (binLowerBound != null && !Double.isFinite(binLowerBound)) {
            throw new InvalidSettingException("binLowerBound", "must be finite, is " + binLowerBound);
        }
        if (meshTriangulation == null) {
            throw new InvalidSettingException("meshTriangulation", "must be given (pyradiomics or ibsi)");
        }
        if (ivhBinWidth != null && !(ivhBinWidth > 0 && Double.isFinite(ivhBinWidth))) {
            throw new InvalidSettingException("ivhBinWidth", "must be a finite number > 0, is " + ivhBinWidth);
        }
        if (resegmentMode == null) {
            resegmentMode = ResegmentMode.ABSOLUTE;
        }
        if (resegmentOutliers != null && !(resegmentOutliers > 0 && Double.isFinite(resegmentOutliers))) {
            throw new InvalidSettingException("resegmentOutliers", "must be a number of standard deviations > 0, is "
                    + resegmentOutliers);
        }
        if (ivhBinCount != null && ivhBinCount < 1) {
            throw new InvalidSettingException("ivhBinCount", "must be at least 1, is " + ivhBinCount);
        }
        if (ivhBinCount != null && ivhBinWidth != null) {
            throw new InvalidSettingException("ivhBinCount", "ivhBinCount (" + ivhBinCount + ") and ivhBinWidth (" + ivhBinWidth
                    + ") exclude each other: set one of them");
        }
    }

    public ImageProcessing withInterpolator(Interpolator v) {
        return new ImageProcessing(v, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withMaskInterpolator(Interpolator v) {
        return new ImageProcessing(interpolator, v, maskThreshold, gridAlignment, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withMaskThreshold(double v) {
        return new ImageProcessing(interpolator, maskInterpolator, v, gridAlignment, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withGridAlignment(GridAlignment v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, v, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withRoundIntensities(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, v, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withBinLowerBound(Double v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, v, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withForce2D(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound, v,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withMergeDirections(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, v, meshTriangulation, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withResegmentShape(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, v, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withMeshTriangulation(MeshTriangulation v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, mergeDirections, v, ivhBinWidth, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withIvhBinWidth(Double v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, mergeDirections, meshTriangulation, v, sliceAverage,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    public ImageProcessing withSliceAverage(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, v,
                resegmentMode, resegmentOutliers, ivhBinCount);
    }

    /** Since 2.5.0. */
    public ImageProcessing withResegmentMode(ResegmentMode v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage, v, resegmentOutliers,
                ivhBinCount);
    }

    /** Since 2.5.0. */
    public ImageProcessing withResegmentOutliers(Double v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage, resegmentMode, v,
                ivhBinCount);
    }

    /** Since 2.5.0. */
    public ImageProcessing withIvhBinCount(Integer v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage, resegmentMode,
                resegmentOutliers, v);
    }
}
