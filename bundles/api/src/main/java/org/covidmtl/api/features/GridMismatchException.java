package org.covidmtl.api.features;

import org.covidmtl.api.volume.VolumeGeometry;

/** Image and mask are on different grids; the message carries both geometries. */
public class GridMismatchException extends FeatureExtractionException {
    private static final long serialVersionUID = 1L;

    public GridMismatchException(String input, VolumeGeometry image, VolumeGeometry mask) {
        super(input, "mask is on another grid than the image: image " + image + ", mask " + mask);
    }
}
