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
 */
public record ImageProcessing(Interpolator interpolator, Interpolator maskInterpolator, double maskThreshold,
        GridAlignment gridAlignment, boolean roundIntensities, Double binLowerBound, boolean force2D, boolean resegmentShape, boolean mergeDirections) {

    /** PyRadiomics' behaviour. */
    public static final ImageProcessing PYRADIOMICS = new ImageProcessing(Interpolator.BSPLINE, Interpolator.NEAREST, 0.5,
            GridAlignment.PYRADIOMICS, false, null, false, false, false);

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
    }

    public ImageProcessing withInterpolator(Interpolator v) {
        return new ImageProcessing(v, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections);
    }

    public ImageProcessing withMaskInterpolator(Interpolator v) {
        return new ImageProcessing(interpolator, v, maskThreshold, gridAlignment, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections);
    }

    public ImageProcessing withMaskThreshold(double v) {
        return new ImageProcessing(interpolator, maskInterpolator, v, gridAlignment, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections);
    }

    public ImageProcessing withGridAlignment(GridAlignment v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, v, roundIntensities, binLowerBound, force2D,
                resegmentShape, mergeDirections);
    }

    public ImageProcessing withRoundIntensities(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, v, binLowerBound, force2D,
                resegmentShape, mergeDirections);
    }

    public ImageProcessing withBinLowerBound(Double v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, v, force2D,
                resegmentShape, mergeDirections);
    }

    public ImageProcessing withForce2D(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound, v,
                resegmentShape, mergeDirections);
    }

    public ImageProcessing withMergeDirections(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, resegmentShape, v);
    }

    public ImageProcessing withResegmentShape(boolean v) {
        return new ImageProcessing(interpolator, maskInterpolator, maskThreshold, gridAlignment, roundIntensities, binLowerBound,
                force2D, v, mergeDirections);
    }
}
