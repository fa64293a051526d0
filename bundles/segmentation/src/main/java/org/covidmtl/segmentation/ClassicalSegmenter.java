package org.covidmtl.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.segmentation.SegmentationException;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * The reference's classical lung mask (threshold, outside air removed, 3-D components, holes filled),
 * at the volume's own spacing, with its defects fixed: both lungs kept and labelled by side, lungs cut
 * by a cropped field of view kept, the trachea and main bronchi removed. Steps: {@link InsideAir},
 * {@link Components}, {@link LungCandidates}, {@link Airways}, {@link Sides}, {@link HoleFill}.
 */
public final class ClassicalSegmenter implements LungSegmenter {
    /** The reference's threshold: stored value 604 on its HU+1024 scale. */
    public static final float DEFAULT_THRESHOLD_HU = -420f;

    private final float thresholdHu;

    public ClassicalSegmenter() {
        this(DEFAULT_THRESHOLD_HU);
    }

    public ClassicalSegmenter(float thresholdHu) {
        if (!(thresholdHu > -1000 && thresholdHu < 0)) {
            throw new IllegalArgumentException("threshold must lie between -1000 and 0 HU, got " + thresholdHu);
        }
        this.thresholdHu = thresholdHu;
    }

    @Override
    public SegmentationResult segment(String source, Volume ct, SegmentationOptions options, Progress progress) {
        Classical c;
        try {
            c = run(source, ct, options, progress);
        } catch (OutOfMemoryError e) {
            throw InputCheck.outOfHeap(source, ct.geometry(), e);
        }
        return Results.of("classical", c.mask(), options.separateSides(), c.detail(), c.warnings());
    }

    /** The mask and what was done, for this provider and for refinements built on it. */
    record Classical(Mask mask, String detail, List<String> warnings, InsideAir.Result body) {
    }

    Classical run(String source, Volume ct, SegmentationOptions options, Progress progress) {
        InputCheck.check(source, ct, thresholdHu);
        VolumeGeometry g = ct.geometry();
        int nx = g.sizeX(), ny = g.sizeY(), nz = g.sizeZ();
        double[] sp = g.spacing();
        double pixelMm2 = sp[0] * sp[1];
        float[] hu = ct.voxels();
        progress.setProgress(0.05, "air inside the body");
        InsideAir.Result body = InsideAir.of(hu, nx, ny, nz, thresholdHu, options.threads());
        progress.checkCanceled();
        progress.setProgress(0.4, "lung components");
        Components comps = LungCandidates.select(Components.of(body.inside(), nx, ny, nz, Components.CONN_26), hu, nx,
                ny, nz, pixelMm2);
        requireLung(source, comps);
        boolean[] lung = comps.foreground();
        List<String> warnings = new ArrayList<>();
        long airway = 0;
        if (options.removeAirways()) {
            progress.setProgress(0.6, "trachea and main bronchi");
            airway = Airways.remove(lung, hu, nx, ny, topDown(g), sp);
            comps = LungCandidates.select(Components.of(lung, nx, ny, nz, Components.CONN_26), hu, nx, ny, nz, pixelMm2);
            requireLung(source, comps);
            lung = comps.foreground();
        }
        progress.checkCanceled();
        progress.setProgress(0.7, "sides");
        byte[] labels;
        if (options.separateSides()) {
            double xPerColumn = g.direction()[0];
            if (Math.abs(xPerColumn) < Math.abs(g.direction()[3])) {
                throw new SegmentationException(source,
                        "image columns do not run left-right (direction " + java.util.Arrays.toString(g.direction())
                                + "); cannot tell right from left lung");
            }
            labels = Sides.label(comps, nx, ny, nz, xPerColumn, body, warnings);
        } else {
            labels = new byte[lung.length];
            for (int p = 0; p < lung.length; p++) {
                labels[p] = (byte) (lung[p] ? SegmentationResult.LUNG : 0);
            }
        }
        progress.setProgress(0.85, "filling vessels");
        HoleFill.fill(labels, nx, ny, nz, options.separateSides() ? 2 : 1, options.threads());
        progress.setProgress(1, "done");
        String detail = String.format(Locale.ROOT, "threshold %.0f HU, %d lung component(s), %s", thresholdHu,
                comps.count(), options.removeAirways()
                        ? String.format(Locale.ROOT, "airway %.1f ml removed", airway * sp[0] * sp[1] * sp[2] / 1000)
                        : "airways kept");
        return new Classical(new Mask(g, labels), detail, warnings, body);
    }

    private static void requireLung(String source, Components lungs) {
        if (lungs.count() > 0) {
            return;
        }
        throw new SegmentationException(source, "no lungs found: no air inside the body with lung density (median above "
                + Math.round(LungCandidates.PARENCHYMA_HU) + " HU) and a cross-section of at least "
                + Math.round(LungCandidates.MIN_SECTION_MM2 / 100) + " cm²");
    }

    /** Slice indices from the most superior (largest LPS z) to the most inferior. */
    static int[] topDown(VolumeGeometry g) {
        int nz = g.sizeZ();
        boolean up = g.direction()[8] > 0;
        int[] order = new int[nz];
        for (int s = 0; s < nz; s++) {
            order[s] = up ? nz - 1 - s : s;
        }
        return order;
    }
}
