package org.covidmtl.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.covidmtl.api.volume.LoadedVolume;
import org.junit.jupiter.api.Test;

/**
 * Morphology and hole filling on the foreground's bounding box give the pixels a brute-force disk and a
 * whole-slice fill give, on the air of a real slice (TotalSegmentator's example, 3 mm pixels), lungs and
 * outside air touching the slice border included.
 */
class SliceBoxTest {

    @Test
    void boxedMorphologyMatchesTheWholeSlice() {
        LoadedVolume lv = TestData.nifti("totalsegmentator/example_ct_sm.nii.gz");
        int nx = lv.volume().geometry().sizeX(), ny = lv.volume().geometry().sizeY();
        double[] sp = {3, 3, 1};
        for (int k : new int[] {5, 20, 29}) {
            boolean[] air = new boolean[nx * ny];
            long n = 0;
            for (int p = 0; p < air.length; p++) {
                air[p] = lv.volume().voxels()[k * nx * ny + p] < -420;
                n += air[p] ? 1 : 0;
            }
            assertThat(n).isPositive();
            for (double r : new double[] {2, 5, 10}) {
                assertThat(DiskMorphology.dilate(air, nx, ny, sp, r)).isEqualTo(bruteForce(air, nx, ny, sp, r, true));
                assertThat(DiskMorphology.erode(air, nx, ny, sp, r)).isEqualTo(bruteForce(air, nx, ny, sp, r, false));
            }
            boolean[] inner = air.clone();
            SliceHoles.fill(inner, nx, ny);
            boolean[] whole = air.clone();
            fillWithoutBox(whole, nx, ny);
            assertThat(inner).isEqualTo(whole);
        }
    }

    /** Dilation: any foreground within r; erosion: no background within r (outside the grid neither). */
    private static boolean[] bruteForce(boolean[] m, int nx, int ny, double[] sp, double r, boolean dilate) {
        boolean[] out = new boolean[m.length];
        int reach = (int) Math.ceil(r / Math.min(sp[0], sp[1]));
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                boolean hit = false;
                for (int dj = -reach; dj <= reach && !hit; dj++) {
                    for (int di = -reach; di <= reach && !hit; di++) {
                        int ii = i + di, jj = j + dj;
                        if (ii < 0 || jj < 0 || ii >= nx || jj >= ny
                                || (di * sp[0]) * (di * sp[0]) + (dj * sp[1]) * (dj * sp[1]) > r * r + 1e-9) {
                            continue;
                        }
                        hit = m[ii + nx * jj] == dilate;
                    }
                }
                out[i + nx * j] = dilate ? hit : m[i + nx * j] && !hit;
            }
        }
        return out;
    }

    /** Background regions (4-connected) of the whole slice that do not touch its border become foreground. */
    private static void fillWithoutBox(boolean[] m, int nx, int ny) {
        boolean[] bg = new boolean[m.length];
        for (int p = 0; p < m.length; p++) {
            bg[p] = !m[p];
        }
        Components c = Components.of(bg, nx, ny, 1, Components.CONN_4);
        boolean[] border = new boolean[c.count() + 1];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                if (i == 0 || j == 0 || i == nx - 1 || j == ny - 1) {
                    border[c.labels()[i + nx * j]] = true;
                }
            }
        }
        for (int p = 0; p < m.length; p++) {
            m[p] |= c.labels()[p] != 0 && !border[c.labels()[p]];
        }
    }
}
