package org.covidmtl.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.covidmtl.api.segmentation.SegmentationException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.VolumeGeometry;
import org.junit.jupiter.api.Test;

class MaskMetricsTest {
    private static final VolumeGeometry GRID = VolumeGeometry.axial(new int[] {20, 20, 5}, new double[] {1, 1, 2},
            new double[] {0, 0, 0});

    private static Mask box(int i0, int i1, int j0, int j1, int k0, int k1) {
        byte[] m = new byte[20 * 20 * 5];
        for (int k = k0; k <= k1; k++) {
            for (int j = j0; j <= j1; j++) {
                for (int i = i0; i <= i1; i++) {
                    m[GRID.index(i, j, k)] = 1;
                }
            }
        }
        return new Mask(GRID, m);
    }

    @Test
    void overlapScoresFollowFromTheConfusionCounts() {
        // 10×10×1 against the same box shifted by 5 columns: half overlaps
        MaskMetrics m = MaskMetrics.compare(box(0, 9, 0, 9, 2, 2), box(5, 14, 0, 9, 2, 2));
        assertThat(m.tp()).isEqualTo(50);
        assertThat(m.fp()).isEqualTo(50);
        assertThat(m.fn()).isEqualTo(50);
        assertThat(m.tn()).isEqualTo(2000 - 150);
        assertThat(m.dice()).isCloseTo(0.5, within(1e-12));
        assertThat(m.jaccard()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(m.precision()).isCloseTo(0.5, within(1e-12));
        assertThat(m.recall()).isCloseTo(0.5, within(1e-12));
        double mcc = (50.0 * 1850 - 50.0 * 50) / Math.sqrt(100.0 * 100 * 1900 * 1900);
        assertThat(m.mcc()).isCloseTo(mcc, within(1e-12));
        assertThat(m.sliceDice()[2]).isCloseTo(0.5, within(1e-12));
        assertThat(m.sliceDice()[0]).isNaN();
    }

    @Test
    void identicalMasksAgreePerfectly() {
        MaskMetrics m = MaskMetrics.compare(box(2, 8, 3, 9, 1, 3), box(2, 8, 3, 9, 1, 3));
        assertThat(m.dice()).isEqualTo(1);
        assertThat(m.mcc()).isCloseTo(1, within(1e-12));
        assertThat(m.hd95Mm()).isEqualTo(0);
    }

    /** A box grown by 3 columns on one side: every moved surface voxel is 3 mm away, the rest 0. */
    @Test
    void hd95UsesPhysicalSpacing() {
        MaskMetrics cols = MaskMetrics.compare(box(2, 8, 2, 8, 2, 2), box(2, 11, 2, 8, 2, 2));
        // surfaces: the 7×7 slab is all surface (one slice); distances pooled from both sides
        assertThat(cols.hd95Mm()).isCloseTo(3, within(1e-9));
        // the same growth along slices (2 mm each): 2 slices more = 4 mm
        MaskMetrics slices = MaskMetrics.compare(box(2, 8, 2, 8, 0, 0), box(2, 8, 2, 8, 0, 2));
        assertThat(slices.hd95Mm()).isCloseTo(4, within(1e-9));
    }

    @Test
    void emptyMaskHasNoHausdorffDistance() {
        MaskMetrics m = MaskMetrics.compare(new Mask(GRID, new byte[2000]), box(2, 8, 2, 8, 2, 2));
        assertThat(m.hd95Mm()).isNaN();
        assertThat(m.dice()).isEqualTo(0);
    }

    @Test
    void referenceOnAnotherGridIsAnError() {
        VolumeGeometry other = VolumeGeometry.axial(new int[] {20, 20, 5}, new double[] {1, 1, 3}, new double[] {0, 0, 0});
        assertThatThrownBy(() -> MaskMetrics.compare(box(0, 1, 0, 1, 0, 0), new Mask(other, new byte[2000])))
                .isInstanceOf(SegmentationException.class).hasMessageStartingWith("reference mask: lies on another grid");
    }
}
