package org.covidmtl.radiomics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyRadiomics' 3-D {@code shape} class (IBSI morphology): mesh volume and surface from the marching-cubes
 * mesh, diameters between mesh vertices, axis lengths from the eigenvalues of the covariance of the
 * region's voxel centres (physical coordinates, population covariance).
 */
final class ShapeFeatures {
    private ShapeFeatures() {
    }

    static Map<String, Double> compute(Roi roi) {
        return compute(roi, false);
    }

    /** @param ibsiMesh the largest-volume triangulation (IBSI's consensus mesh) instead of PyRadiomics' least-area one */
    static Map<String, Double> compute(Roi roi, boolean ibsiMesh) {
        return compute(roi, ibsiMesh, roi, null, java.util.List.of());
    }

    /**
     * With the IBSI morphology features PyRadiomics lacks ({@link MorphologyExtras}) among {@code wanted}.
     *
     * @param intensityRoi the (re-segmented) intensity mask, for the centre of mass shift and Moran's I / Geary's C
     * @param values its values (box order)
     */
    static Map<String, Double> compute(Roi roi, boolean ibsiMesh, Roi intensityRoi, double[] values, java.util.List<String> wanted) {
        SurfaceMesh mesh = SurfaceMesh.of(roi, ibsiMesh);
        double v = mesh.volume;
        double a = mesh.area;
        double[] d = MeshDiameters.of(mesh.vertices, roi.spacing);
        double[] ev = axisEigenvalues(roi);
        double sphere = Math.cbrt(36 * Math.PI * v * v);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("MeshVolume", v);
        out.put("VoxelVolume", roi.count * roi.spacing[0] * roi.spacing[1] * roi.spacing[2]);
        out.put("SurfaceArea", a);
        out.put("SurfaceVolumeRatio", a / v);
        out.put("Sphericity", sphere / a);
        out.put("SphericalDisproportion", a / sphere);
        out.put("Maximum3DDiameter", d[3]);
        out.put("Maximum2DDiameterSlice", d[0]);
        out.put("Maximum2DDiameterColumn", d[1]);
        out.put("Maximum2DDiameterRow", d[2]);
        out.put("MajorAxisLength", 4 * Math.sqrt(ev[2]));
        out.put("MinorAxisLength", 4 * Math.sqrt(ev[1]));
        out.put("LeastAxisLength", 4 * Math.sqrt(ev[0]));
        out.put("Elongation", Math.sqrt(ev[1] / ev[2]));
        out.put("Flatness", Math.sqrt(ev[0] / ev[2]));
        if (wanted.stream().anyMatch(MorphologyExtras.NAMES::contains)) {
            out.putAll(MorphologyExtras.compute(roi, mesh, intensityRoi, values, wanted));
        }
        return out;
    }

    /** Eigenvalues (ascending) of the population covariance of the voxel centres; rounding negatives set to 0. */
    static double[] axisEigenvalues(Roi roi) {
        double[] mean = new double[3];
        double[][] cov = new double[3][3];
        long n = 0;
        double[] p = new double[3];
        for (int pass = 0; pass < 2; pass++) {
            for (int z = 0; z < roi.nz; z++) {
                for (int y = 0; y < roi.ny; y++) {
                    for (int x = 0; x < roi.nx; x++) {
                        if (!roi.inside[roi.index(x, y, z)]) {
                            continue;
                        }
                        p[0] = x * roi.spacing[0];
                        p[1] = y * roi.spacing[1];
                        p[2] = z * roi.spacing[2];
                        if (pass == 0) {
                            for (int i = 0; i < 3; i++) {
                                mean[i] += p[i];
                            }
                            n++;
                        } else {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 3; j++) {
                                    cov[i][j] += (p[i] - mean[i]) * (p[j] - mean[j]);
                                }
                            }
                        }
                    }
                }
            }
            if (pass == 0) {
                for (int i = 0; i < 3; i++) {
                    mean[i] /= n;
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                cov[i][j] /= n;
            }
        }
        double[] ev = SymmetricEigen.eigenvalues(cov);
        java.util.Arrays.sort(ev);
        for (int i = 0; i < 3; i++) {
            if (ev[i] < 0 && ev[i] > -1e-10) {
                ev[i] = 0;
            }
        }
        return ev;
    }
}
