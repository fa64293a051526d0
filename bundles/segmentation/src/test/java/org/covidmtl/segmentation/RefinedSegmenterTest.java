package org.covidmtl.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.junit.jupiter.api.Test;

/** The refined provider on a real COVID-19 slice (TCIA COVID-19-NY-SBU), read as a one-slice volume. */
class RefinedSegmenterTest {

    /**
     * The refinement adds dense lung the threshold leaves out (hilar vessels, opacities at the lung's
     * inner border): the pixels it adds must lie inside the convex hull of the classical lungs, and no
     * refined pixel may lie outside the body (largest tissue region with its holes filled).
     */
    @Test
    void addsAreaInsideTheLungsAndNoneOutsideTheBody() {
        LoadedVolume lv = TestData.dicom("covid-ct-slices/A056642/axial/19010107-111.dcm");
        VolumeGeometry g = lv.volume().geometry();
        assertThat(g.sizeZ()).isEqualTo(1);
        SegmentationOptions options = SegmentationOptions.defaults().withThreads(2);
        SegmentationResult classical = new ClassicalSegmenter().segment(lv.source(), lv.volume(), options, Progress.none());
        long t0 = System.nanoTime();
        SegmentationResult refined = new RefinedSegmenter(new ClassicalSegmenter(), RefinedSegmenter.Settings.paper())
                .segment(lv.source(), lv.volume(), options, Progress.none());
        System.out.printf("refined %s: %.2f s, %s%n", lv.source(), (System.nanoTime() - t0) / 1e9, refined.description());
        assertThat(refined.description()).endsWith("; 2 active contours");
        int nx = g.sizeX(), ny = g.sizeY();
        boolean[] before = MaskMetrics.nonZero(classical.mask().labels());
        boolean[] after = MaskMetrics.nonZero(refined.mask().labels());
        ConvexHullRows hull = ConvexHullRows.of(before, 0, nx, ny);
        boolean[] body = body(lv.volume().voxels(), nx, ny);
        long added = 0, addedInHull = 0, outsideBody = 0;
        for (int p = 0; p < after.length; p++) {
            if (after[p] && !before[p]) {
                added++;
                if (hull.contains(p % nx, p / nx)) {
                    addedInHull++;
                }
            }
            if (after[p] && !body[p]) {
                outsideBody++;
            }
        }
        double mm2 = g.spacing()[0] * g.spacing()[1];
        System.out.printf("refined adds %.0f mm² (%.0f mm² inside the classical hull); %d pixels outside the body%n",
                added * mm2, addedInHull * mm2, outsideBody);
        // at least a square centimetre: the hilar vessels and dense borders the threshold cut out
        assertThat(added * mm2).isGreaterThan(100);
        assertThat(addedInHull).isEqualTo(added);
        assertThat(outsideBody).isZero();
        // each side keeps its label
        assertThat(refined.region(SegmentationResult.RIGHT_LUNG).voxels()).isPositive();
        assertThat(refined.region(SegmentationResult.LEFT_LUNG).voxels()).isPositive();
    }

    private static boolean[] body(float[] hu, int nx, int ny) {
        boolean[] tissue = new boolean[nx * ny];
        for (int p = 0; p < tissue.length; p++) {
            tissue[p] = hu[p] >= ClassicalSegmenter.DEFAULT_THRESHOLD_HU;
        }
        Components c = Components.of(tissue, nx, ny, 1, Components.CONN_8);
        boolean[] body = new boolean[tissue.length];
        for (int p = 0; p < body.length; p++) {
            body[p] = c.labels()[p] == c.largest();
        }
        SliceHoles.fill(body, nx, ny);
        return body;
    }
}
