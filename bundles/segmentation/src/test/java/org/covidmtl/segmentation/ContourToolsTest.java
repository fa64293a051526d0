package org.covidmtl.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The pieces of the active-contour refinement on small known cases. */
class ContourToolsTest {

    /** The O(n) cyclic solve against the full matrix skimage inverts, for sizes either side of the switch. */
    @Test
    void cyclicPentadiagonalSolvesTheSnakeSystem() {
        Random rnd = new Random(7);
        for (int n : new int[] {5, 8, 13, 40}) {
            CyclicPentadiagonal s = new CyclicPentadiagonal(n, 0.02, 20, 0.01);
            double[][] m = s.matrix();
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = rnd.nextGaussian() * 100;
            }
            double[] x = s.solve(r);
            for (int i = 0; i < n; i++) {
                double back = 0;
                for (int j = 0; j < n; j++) {
                    back += m[i][j] * x[j];
                }
                assertThat(back).as("n=%d row %d", n, i).isCloseTo(r[i], within(1e-6 * Math.abs(r[i]) + 1e-6));
            }
        }
    }

    /** A 3×3 square: 8 boundary pixels, each once, in a closed clockwise walk. */
    @Test
    void tracesTheOuterBoundary() {
        int nx = 6, ny = 6;
        boolean[] m = new boolean[nx * ny];
        for (int j = 1; j <= 3; j++) {
            for (int i = 2; i <= 4; i++) {
                m[i + nx * j] = true;
            }
        }
        double[][] b = BoundaryTrace.trace(m, nx, ny);
        assertThat(b[0]).containsExactly(2, 3, 4, 4, 4, 3, 2, 2);
        assertThat(b[1]).containsExactly(1, 1, 1, 2, 3, 3, 3, 2);
        boolean[] filled = PolygonFill.fill(b[0], b[1], nx, ny);
        assertThat(filled).containsExactly(m);
    }

    /** A 3-pixel gap between two 5-pixel-thick bars closes under a 2 mm disk; a 1-pixel line does not survive erosion by 1. */
    @Test
    void diskMorphology() {
        int nx = 20, ny = 9;
        boolean[] bars = new boolean[nx * ny];
        boolean[] line = new boolean[nx * ny];
        for (int i = 0; i < nx; i++) {
            line[i + nx * 4] = true;
            for (int j = 2; j <= 6; j++) {
                bars[i + nx * j] = i < 8 || i > 10;
            }
        }
        double[] sp = {1, 1, 1};
        boolean[] closed = DiskMorphology.close(bars, nx, ny, sp, 2);
        for (int i = 0; i < nx; i++) {
            assertThat(closed[i + nx * 4]).as("column %d", i).isTrue();
        }
        assertThat(closed[9 + nx * 0]).isFalse();
        assertThat(DiskMorphology.erode(line, nx, ny, sp, 1)).containsOnly(false);
        boolean[] grown = DiskMorphology.dilate(line, nx, ny, sp, 1);
        assertThat(grown[9 + nx * 3]).isTrue();
        assertThat(grown[9 + nx * 2]).isFalse();
    }
}
