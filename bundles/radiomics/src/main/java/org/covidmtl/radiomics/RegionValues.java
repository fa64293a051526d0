package org.covidmtl.radiomics;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.volume.Volume;

/**
 * The region's values of each image of an extraction, in compute order, the next image's prepared on a
 * thread of its own (the wavelet passes) while the current one is measured. {@link #close()} ends that thread.
 */
final class RegionValues implements AutoCloseable {
    private final Volume image;
    private final Roi roi;
    private final List<ImageSpec> order;
    private final ExtractionSettings settings;
    private final ExecutorService ahead;
    private WaveletBands wavelet;
    private double maxAbs = Double.NaN;
    private Future<double[]> next;
    private int taken;

    RegionValues(Volume image, Roi roi, List<ImageSpec> order, ExtractionSettings settings) {
        this.image = image;
        this.roi = roi;
        this.order = order;
        this.settings = settings;
        this.ahead = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "radiomics-next-image");
            t.setDaemon(true);
            return t;
        });
    }

    /** The values of the next image in order, and starts preparing the one after it. */
    double[] take() {
        double[] v = next != null ? Futures.await(next, "preparing an image") : compute(order.get(taken));
        taken++;
        if (taken < order.size()) {
            ImageSpec following = order.get(taken);
            next = ahead.submit(() -> compute(following));
        } else {
            next = null;
        }
        return v;
    }

    private double[] compute(ImageSpec img) {
        int[] size = image.geometry().size();
        double[] spacing = image.geometry().spacing();
        switch (img.type()) {
            case ORIGINAL -> {
                return roi.regionValues(image.voxels(), size[0], size[1]);
            }
            case LOG -> {
                return LaplacianOfGaussian.regionValues(image.voxels(), size, spacing, img.sigma(), roi);
            }
            case GRADIENT -> {
                return ImageFilters.gradient(image.voxels(), size, spacing, settings.gradientUseSpacing(), roi);
            }
            case SQUARE, SQUARE_ROOT, LOGARITHM, EXPONENTIAL -> {
                if (Double.isNaN(maxAbs)) {
                    maxAbs = ImageFilters.maxAbs(image.voxels());
                }
                double[] v = roi.regionValues(image.voxels(), size[0], size[1]);
                switch (img.type()) {
                    case SQUARE -> ImageFilters.square(v, maxAbs);
                    case SQUARE_ROOT -> ImageFilters.squareRoot(v, maxAbs);
                    case LOGARITHM -> ImageFilters.logarithm(v, maxAbs);
                    default -> ImageFilters.exponential(v, maxAbs);
                }
                return v;
            }
            case WAVELET -> {
                // below
            }
        }
        if (wavelet == null) {
            wavelet = WaveletBands.forRoi(image.voxels(), size, roi);
        }
        return wavelet.regionValues(img.band(), roi);
    }

    @Override
    public void close() {
        ahead.shutdownNow();
    }
}
