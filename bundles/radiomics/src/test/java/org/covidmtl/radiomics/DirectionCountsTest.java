package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The one-sweep co-occurrence and run counts (parallel slice chunks, run lengths carried between slices)
 * against direct walks over {@link Discretised#at}, on random regions with few levels (long runs crossing chunks).
 */
class DirectionCountsTest {

    @Test
    void countsEqualDirectWalks() {
        for (int seed = 0; seed < 4; seed++) {
            Discretised d = randomRegion(new Random(seed), 3 + seed * 2);
            int ng = d.grayLevels().length;
            int[] idx = d.levelIndex();
            int maxRun = Math.max(d.roi().nx, Math.max(d.roi().ny, d.roi().nz));
            int[][] co = DirectionCounts.cooccurrences(d);
            int[] runs = DirectionCounts.runs(d, maxRun);
            for (int k = 0; k < Directions.UNIQUE_13.length; k++) {
                int[] dir = Directions.UNIQUE_13[k];
                int[] expCo = new int[ng * ng];
                int[] expRuns = new int[ng * maxRun];
                walk(d, dir, idx, ng, maxRun, expCo, expRuns);
                assertThat(co[k]).as("co-occurrences, seed %d, direction %d", seed, k).isEqualTo(expCo);
                int[] got = new int[ng * maxRun];
                for (int i = 0; i < ng; i++) {
                    for (int len = 1; len <= maxRun; len++) {
                        got[i * maxRun + len - 1] = runs[((len - 1) * ng + i) * Directions.UNIQUE_13.length + k];
                    }
                }
                assertThat(got).as("runs, seed %d, direction %d", seed, k).isEqualTo(expRuns);
            }
        }
    }

    private static void walk(Discretised d, int[] dir, int[] idx, int ng, int maxRun, int[] co, int[] runs) {
        Roi r = d.roi();
        for (int z = 0; z < r.nz; z++) {
            for (int y = 0; y < r.ny; y++) {
                for (int x = 0; x < r.nx; x++) {
                    int l = d.at(x, y, z);
                    if (l == 0) {
                        continue;
                    }
                    int l2 = d.at(x + dir[0], y + dir[1], z + dir[2]);
                    if (l2 != 0) {
                        co[idx[l] * ng + idx[l2]]++;
                    }
                    if (d.at(x - dir[0], y - dir[1], z - dir[2]) != l) {
                        int len = 1;
                        while (d.at(x + len * dir[0], y + len * dir[1], z + len * dir[2]) == l) {
                            len++;
                        }
                        runs[idx[l] * maxRun + len - 1]++;
                    }
                }
            }
        }
    }

    /** A random 17×13×41 region (80 % of the box) with {@code levels} smooth-ish grey levels. */
    static Discretised randomRegion(Random rnd, int levels) {
        int nx = 17;
        int ny = 13;
        int nz = 41;
        boolean[] inside = new boolean[nx * ny * nz];
        double[] box = new double[inside.length];
        for (int i = 0; i < inside.length; i++) {
            inside[i] = rnd.nextDouble() < 0.8;
            box[i] = rnd.nextInt(levels) * 25 + (rnd.nextDouble() < 0.7 && i > 0 ? 0 : 0.5);
            if (i > 0 && rnd.nextDouble() < 0.6) {
                box[i] = box[i - 1]; // runs along x
            }
            if (i >= nx * ny && rnd.nextDouble() < 0.5) {
                box[i] = box[i - nx * ny]; // runs along z, across chunks
            }
        }
        inside[0] = true;
        Roi roi = new Roi(new int[] {2, 3, 4}, new int[] {2 + nx - 1, 3 + ny - 1, 4 + nz - 1}, inside, new double[] {1, 1, 1});
        double[] values = new double[roi.count];
        for (int i = 0, k = 0; i < inside.length; i++) {
            if (inside[i]) {
                values[k++] = box[i];
            }
        }
        return Discretiser.discretise(roi, values, 25, null, null);
    }
}
