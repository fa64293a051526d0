package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The reference's crop offsets and rot90/flip scheme (numpy semantics worked out by hand on a 3×3 plane). */
class VolumeAugmentTest {

    @Test
    void offsetsAreTheReferencesAtMargin140() {
        Set<Integer> s0 = new TreeSet<>();
        Set<Integer> s1 = new TreeSet<>();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            int[] o = VolumeAugment.offsets(r, 140);
            s0.add(o[0]);
            s1.add(o[1]);
            s1.add(o[2]);
        }
        assertEquals(Set.of(50, 60, 70, 80, 90, 100), s0);
        assertEquals(Set.of(20, 30, 40, 50, 60, 70, 80), s1);
        assertArrayEquals(new int[] {70, 70, 70}, VolumeAugment.offsets(null, 140));
        assertArrayEquals(new int[] {4, 4, 4}, VolumeAugment.offsets(null, 8));
        assertEquals(3, VolumeAugment.scaled(50, 8));
        assertEquals(6, VolumeAugment.scaled(100, 8));
    }

    @Test
    void rot90AndFlipAsNumpy() {
        float[] m = {0, 1, 2, 3, 4, 5, 6, 7, 8}; // one slice [[0,1,2],[3,4,5],[6,7,8]] (rows, cols)
        // np.rot90(m, 1) = [[2,5,8],[1,4,7],[0,3,6]]; k=2 = [[8,7,6],[5,4,3],[2,1,0]]; k=3 = [[6,3,0],[7,4,1],[8,5,2]]
        assertArrayEquals(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, VolumeAugment.orient(m, 1, 3, 1));
        assertArrayEquals(new float[] {8, 7, 6, 5, 4, 3, 2, 1, 0}, VolumeAugment.orient(m, 1, 3, 2));
        assertArrayEquals(new float[] {6, 3, 0, 7, 4, 1, 8, 5, 2}, VolumeAugment.orient(m, 1, 3, 3));
        // np.fliplr on [slice, row, col] flips the rows
        assertArrayEquals(new float[] {6, 7, 8, 3, 4, 5, 0, 1, 2}, VolumeAugment.orient(m, 1, 3, 4));
        // the draw: r = randint(0, 20); 3/21 k=1, 2/21 k=2, 1/21 k∈1..3, 3/21 flip, 12/21 nothing
        int[] count = new int[5];
        SplittableRandom r = new SplittableRandom(2);
        int n = 210_000;
        for (int i = 0; i < n; i++) {
            count[VolumeAugment.drawOrientation(r)]++;
        }
        double[] expected = {12 / 21.0, 3 / 21.0 + 1 / 63.0, 2 / 21.0 + 1 / 63.0, 1 / 63.0, 3 / 21.0};
        for (int c = 0; c < 5; c++) {
            assertEquals(expected[c], count[c] / (double) n, 0.005, "code " + c);
        }
    }

    @Test
    void noiseAsTheReference() {
        float[] v = new float[20_000];
        SplittableRandom r = new SplittableRandom(3);
        int fired = 0;
        for (int i = 0; i < 200; i++) {
            java.util.Arrays.fill(v, 100);
            if (VolumeAugment.noise(v, r, 0.2)) {
                fired++;
                double mean = 0;
                for (float x : v) {
                    mean += x / v.length;
                    assertEquals(x, Math.rint(x), 0); // rounded as the reference's uint16 image
                }
                assertTrue(Math.abs(mean - 110) < 1 || Math.abs(mean - 150) < 1, "mean " + mean);
            }
        }
        assertEquals(0.2, fired / 200.0, 0.08);
    }
}
