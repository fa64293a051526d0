package org.covidmtl.radiomics;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Largest distances between mesh vertices: in the same axial plane (slice, equal z), coronal plane
 * (column, equal y), sagittal plane (row, equal x), and overall. Exhaustive over vertex pairs, in
 * parallel; quadratic in the number of distinct vertices.
 */
final class MeshDiameters {
    private MeshDiameters() {
    }

    /** {slice, column, row, 3-D} in mm. */
    static double[] of(long[] vertices, double[] spacing) {
        int n = vertices.length;
        double hx = spacing[0] / 2;
        double hy = spacing[1] / 2;
        double hz = spacing[2] / 2;
        int[] xs = new int[n];
        int[] ys = new int[n];
        int[] zs = new int[n];
        for (int i = 0; i < n; i++) {
            xs[i] = SurfaceMesh.x2(vertices[i]);
            ys[i] = SurfaceMesh.y2(vertices[i]);
            zs[i] = SurfaceMesh.z2(vertices[i]);
        }
        double[] best = IntStream.range(0, n).parallel().mapToObj(i -> {
            double[] d = new double[4];
            for (int j = i + 1; j < n; j++) {
                double dx = (xs[i] - xs[j]) * hx;
                double dy = (ys[i] - ys[j]) * hy;
                double dz = (zs[i] - zs[j]) * hz;
                double s = dx * dx + dy * dy + dz * dz;
                if (zs[i] == zs[j] && s > d[0]) {
                    d[0] = s;
                }
                if (ys[i] == ys[j] && s > d[1]) {
                    d[1] = s;
                }
                if (xs[i] == xs[j] && s > d[2]) {
                    d[2] = s;
                }
                if (s > d[3]) {
                    d[3] = s;
                }
            }
            return d;
        }).reduce(new double[4], (p, q) -> {
            double[] r = new double[4];
            for (int k = 0; k < 4; k++) {
                r[k] = Math.max(p[k], q[k]);
            }
            return r;
        });
        return Arrays.stream(best).map(Math::sqrt).toArray();
    }
}
