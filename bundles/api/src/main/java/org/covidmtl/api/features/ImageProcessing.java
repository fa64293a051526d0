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
 */
public record ImageProcessing(Interpolator interpolator, Interpolator maskInterpolator, double maskThreshold,
        GridAlignment gridAlignment, boolean roundIntensities, Double binLowerBound, boolean force2D, boolean resegmentShape,
        boolean mergeDirections, MeshTriangulation meshTriangulation, Double ivhBinWidth, boolean sliceAverage) {

    /** PyRadiomics' behaviour. */
    public static final ImageProcessing PYRADIOMICS = new ImageProcessing(Interpolator.BSPLINE, Interpolator.NEAREST, 0.5,
            GridAlignment.PYRADIOMICS, false, null, false, false, false, MeshTriangulation.PYRADIOMICS, null, false);

    /** The 2.1.0 form: PyRadiomics' mesh triangulation, no IVH bin width, slices merged. */
    public ImageProcessing(Interpolator interpolator, Interpolator maskInterpolator, double maskThreshold,
            GridAlignment gridAlignment, boolean roundIntensities, Double binLowerBound, boolean force2D, boolean resegmentShape,
            boolean mergeDirections) {
        this(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound, force2D, resegmentShape,
                mergeDirections, MeshTriangulation.PYRADIOMICS, null, false);
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
    }

    public ImageProcessing withInterpolator(Interpolator v) {
        return new ImageProcessing(v, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withMaskInterpolator(Interpolator v) {
        return new ImageProcessing(interpolator, v, maskThreshold, gridAlignment, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withMaskThreshold(double v) {
        return new ImageProcessing(interpolator, maskInterpolator, v, gridAlignment, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withGridAlignment(GridAlignment v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, v, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withRoundIntensities(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, v, binLowerBound, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withBinLowerBound(Double v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, v, force2D,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withForce2D(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound, v,
                resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withMergeDirections(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, v, meshTriangulation, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withResegmentShape(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, v, mergeDirections, meshTriangulation, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withMeshTriangulation(MeshTriangulation v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, mergeDirections, v, ivhBinWidth, sliceAverage);
    }

    public ImageProcessing withIvhBinWidth(Double v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, mergeDirections, meshTriangulation, v, sliceAverage);
    }

    public ImageProcessing withSliceAverage(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, mergeDirections, meshTriangulation, ivhBinWidth, v);
    }
}
