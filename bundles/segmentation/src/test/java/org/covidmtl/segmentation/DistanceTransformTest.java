package org.covidmtl.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DistanceTransformTest {

    /** Against brute force on random features with anisotropic spacing. */
    @Test
    void matchesBruteForce() {
        int nx = 9, ny = 7, nz = 5;
        double[] sp = {0.7, 1.3, 2.5};
        Random rnd = new Random(3);
        boolean[] f = new boolean[nx * ny * nz];
        for (int p = 0; p < f.length; p++) {
            f[p] = rnd.nextDouble() < 0.05;
        }
        double[] d = DistanceTransform.squared(f, nx, ny, nz, sp);
        for (int p = 0; p < f.length; p++) {
            double best = Double.POSITIVE_INFINITY;
            for (int q = 0; q < f.length; q++) {
                if (f[q]) {
                    double dx = (p % nx - q % nx) * sp[0];
                    double dy = (p / nx % ny - q / nx % ny) * sp[1];
                    double dz = (p / (nx * ny) - q / (nx * ny)) * sp[2];
                    best = Math.min(best, dx * dx + dy * dy + dz * dz);
                }
            }
            assertThat(d[p]).isCloseTo(best, within(1e-9));
        }
    }

    @Test
    void noFeatureMeansInfinity() {
        double[] d = DistanceTransform.squared(new boolean[8], 2, 2, 2, new double[] {1, 1, 1});
        assertThat(d).containsOnly(Double.POSITIVE_INFINITY);
    }
}
