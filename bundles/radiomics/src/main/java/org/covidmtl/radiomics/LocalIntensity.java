package org.covidmtl.radiomics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.covidmtl.api.volume.Volume;

/**
 * IBSI's local intensity features (IBSI chapter 1, "Local intensity features", tags {@code loc_peak_loc},
 * {@code loc_peak_glob}), class {@code localintensity}: the mean intensity of the image (every voxel, in the ROI or
 * not) whose voxel centres lie within a sphere of 1 cm³ (radius (3/(4π))^⅓ cm ≈ 6.20 mm, at the image's spacing in
 * mm) around a voxel centre. LocalIntensityPeak: that mean around the region's voxel of highest intensity (the highest
 * mean if several share it); GlobalIntensityPeak: its maximum over all the region's voxels. Exact (every offset of
 * the sphere summed for every region voxel, in parallel over slices); the original image only (after resampling and
 * rounding), as IBSI computes it on the image the features are extracted from.
 */
final class LocalIntensity {
    static final String[] NAMES = {"LocalIntensityPeak", "GlobalIntensityPeak"};
    /** Radius in mm of a sphere of 1 cm³. */
    static final double RADIUS_MM = 10 * Math.cbrt(3 / (4 * Math.PI));

    private LocalIntensity() {
    }

    static Map<String, Double> compute(Volume image, Roi roi) {
        int[] size = image.geometry().size();
        double[] sp = image.geometry().spacing();
        int nx = size[0];
        int ny = size[1];
        int nz = size[2];
        float[] v = image.voxels();
        List<int[]> offsets = new ArrayList<>();
        int rx = (int) Math.floor(RADIUS_MM / sp[0]);
        int ry = (int) Math.floor(RADIUS_MM / sp[1]);
        int rz = (int) Math.floor(RADIUS_MM / sp[2]);
        double r2 = RADIUS_MM * RADIUS_MM;
        for (int dz = -rz; dz <= rz; dz++) {
            for (int dy = -ry; dy <= ry; dy++) {
                for (int dx = -rx; dx <= rx; dx++) {
                    double d2 = Math.pow(dx * sp[0], 2) + Math.pow(dy * sp[1], 2) + Math.pow(dz * sp[2], 2);
                    if (d2 <= r2 * (1 + 1e-12)) {
                        offsets.add(new int[] {dx, dy, dz});
                    }
                }
            }
        }
        int[][] off = offsets.toArray(new int[0][]);
        // per box slice: the highest intensity, the highest local mean at it, and the highest local mean
        double[][] perSlice = new double[roi.nz][];
        IntStream.range(0, roi.nz).parallel().forEach(bz -> {
            double maxI = Double.NEGATIVE_INFINITY;
            double peakAtMax = Double.NEGATIVE_INFINITY;
            double glob = Double.NEGATIVE_INFINITY;
            for (int by = 0; by < roi.ny; by++) {
                for (int bx = 0; bx < roi.nx; bx++) {
                    if (!roi.inside[roi.index(bx, by, bz)]) {
                        continue;
                    }
                    int x = bx + roi.x0;
                    int y = by + roi.y0;
                    int z = bz + roi.z0;
                    double sum = 0;
                    int n = 0;
                    for (int[] o : off) {
                        int xx = x + o[0];
                        int yy = y + o[1];
                        int zz = z + o[2];
                        if (xx >= 0 && yy >= 0 && zz >= 0 && xx < nx && yy < ny && zz < nz) {
                            sum += v[xx + nx * (yy + ny * zz)];
                            n++;
                        }
                    }
                    double mean = sum / n;
                    glob = Math.max(glob, mean);
                    double here = v[x + nx * (y + ny * z)];
                    if (here > maxI) {
                        maxI = here;
                        peakAtMax = mean;
                    } else if (here == maxI) {
                        peakAtMax = Math.max(peakAtMax, mean);
                    }
                }
            }
            perSlice[bz] = new double[] {maxI, peakAtMax, glob};
        });
        double maxI = Double.NEGATIVE_INFINITY;
        double local = Double.NaN;
        double glob = Double.NEGATIVE_INFINITY;
        for (double[] s : perSlice) {
            if (s[0] > maxI) {
                maxI = s[0];
                local = s[1];
            } else if (s[0] == maxI) {
                local = Math.max(local, s[1]);
            }
            glob = Math.max(glob, s[2]);
        }
        return Map.of(NAMES[0], local, NAMES[1], roi.count == 0 ? Double.NaN : glob);
    }
}
