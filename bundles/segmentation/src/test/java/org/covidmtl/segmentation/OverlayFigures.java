package org.covidmtl.segmentation;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.segmentation.io.OverlayImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The committed figures of docs/segmentation: classical vs refined contours on real slices. Not part of
 * the suite (its name is no *Test); run by docs/segmentation/make-overlays.sh with
 * {@code -Dcovidmtl.figures=<folder>}.
 */
@EnabledIfSystemProperty(named = "covidmtl.figures", matches = ".+")
class OverlayFigures {

    @Test
    void classicalVersusRefined() {
        Path out = Paths.get(System.getProperty("covidmtl.figures"));
        LoadedVolume popi = TestData.dicom("chest-ct/popi-00");
        Mask[] popiMasks = both(popi);
        int nz = popi.volume().geometry().sizeZ();
        int[] z = lungExtent(popiMasks[0], nz);
        // a lower slice (lung bases, heart) and an upper one (apices, trachea region), inside the lungs
        for (double f : new double[] {0.3, 0.8}) {
            int k = z[0] + (int) Math.round(f * (z[1] - z[0]));
            write(popi, popiMasks, k, out.resolve(String.format(Locale.ROOT, "popi-00-slice-%03d.png", k)));
        }
        LoadedVolume ggo = TestData.dicom("covid-ct-slices/A002304/axial/19010112-135.dcm");
        write(ggo, both(ggo), 0, out.resolve("covid-A002304-ggo.png"));
        LoadedVolume refined = TestData.dicom("covid-ct-slices/A056642/axial/19010107-111.dcm");
        write(refined, both(refined), 0, out.resolve("covid-A056642.png"));
    }

    private static Mask[] both(LoadedVolume lv) {
        SegmentationOptions o = SegmentationOptions.defaults().withThreads(2);
        SegmentationResult c = new ClassicalSegmenter().segment(lv.source(), lv.volume(), o, Progress.none());
        SegmentationResult r = new RefinedSegmenter(new ClassicalSegmenter(), RefinedSegmenter.Settings.paper())
                .segment(lv.source(), lv.volume(), o, Progress.none());
        System.out.println(c.description() + "\n" + r.description());
        return new Mask[] {c.mask(), r.mask()};
    }

    /** First and last slice holding lung. */
    private static int[] lungExtent(Mask m, int nz) {
        int plane = m.labels().length / nz;
        int lo = -1, hi = -1;
        for (int k = 0; k < nz; k++) {
            for (int p = k * plane; p < (k + 1) * plane; p++) {
                if (m.labels()[p] != 0) {
                    lo = lo < 0 ? k : lo;
                    hi = k;
                    break;
                }
            }
        }
        return new int[] {lo, hi};
    }

    private static void write(LoadedVolume lv, Mask[] masks, int k, Path png) {
        OverlayImage.writePng(OverlayImage.render(lv.volume(), List.of(masks), List.of("classical", "refined"), k), png);
        System.out.println("wrote " + png);
    }
}
