package org.covidmtl.segmentation.tool;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.covidmtl.api.segmentation.SegmentationException;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.segmentation.MaskMetrics;
import org.covidmtl.segmentation.io.LabelMasks;
import org.covidmtl.segmentation.io.OutputNames;
import org.covidmtl.segmentation.io.OverlayImage;
import org.covidmtl.segmentation.io.SegmentationOutputs;
import org.covidmtl.segmentation.io.VolumeFiles;

/** The {@code lung:} commands without OSGi: segment a file, score a mask, draw contours. */
public final class LungTool {
    private final LungStages stages;

    public LungTool(LungStages stages) {
        this.stages = stages;
    }

    LungStages stages() {
        return stages;
    }

    /**
     * What one segmentation did.
     *
     * @param method the provider that served
     * @param seconds the segmentation's time (reading and writing excluded)
     * @param readWarnings what the reader adjusted
     * @param files mask, masked CT, summary
     */
    public record Segmented(Path input, String method, SegmentationResult result, double seconds,
            List<String> readWarnings, List<Path> files) {

        /** Description, volume per side, warnings, files: one line each. */
        public String report() {
            StringBuilder sb = new StringBuilder(result.description());
            sb.append('\n');
            List<String> sides = new ArrayList<>();
            for (SegmentationResult.Region r : result.regions()) {
                sides.add(String.format(Locale.ROOT, "%s %.1f ml", r.name(), r.volumeMl()));
            }
            sb.append(String.join(", ", sides)).append(String.format(Locale.ROOT, " (%s, %.2f s)", method, seconds));
            readWarnings.forEach(w -> sb.append("\nwarning (reading): ").append(w));
            result.warnings().forEach(w -> sb.append("\nwarning: ").append(w));
            files.forEach(f -> sb.append("\nwrote ").append(f));
            return sb.toString();
        }
    }

    /**
     * Reads {@code in}, segments it with {@code method} (null: the stage's default) and writes the
     * outputs named after {@code out} ({@link OutputNames}).
     */
    public Segmented segment(Path in, Path out, String method, int threads, Progress progress) {
        OutputNames names = OutputNames.of(out);
        LungStages.Named segmenter = stages.segmenter(method);
        LoadedVolume lv = VolumeFiles.read(stages.readers(), in, progress.sub(0, 0.15));
        long t0 = System.nanoTime();
        SegmentationResult r = segmenter.segmenter().segment(in.toString(), lv.volume(),
                SegmentationOptions.defaults().withThreads(threads), progress.sub(0.15, 0.85));
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Path> files = SegmentationOutputs.write(in.toString(), segmenter.name(), seconds, lv.volume(), r, names,
                stages.writers(), progress.sub(0.85, 1));
        return new Segmented(in, segmenter.name(), r, seconds, lv.warnings(), files);
    }

    /**
     * Scores the non-zero voxels of {@code mask} against the voxels of {@code reference} labelled one of
     * {@code referenceLabels} (empty: any non-zero label).
     *
     * @throws SegmentationException naming the reference and both geometries when the grids differ
     */
    public MaskMetrics score(Path mask, Path reference, int[] referenceLabels, Progress progress) {
        Mask m = LabelMasks.of(VolumeFiles.read(stages.readers(), mask, progress.sub(0, 0.3)));
        Mask ref = LabelMasks.of(VolumeFiles.read(stages.readers(), reference, progress.sub(0.3, 0.6)));
        LabelMasks.requireSameGrid(mask.toString(), m.geometry(), reference.toString(), ref.geometry());
        boolean[] b = LabelMasks.select(ref, referenceLabels);
        boolean[] a = LabelMasks.select(m, new int[0]);
        MaskMetrics metrics = MaskMetrics.compare(m.geometry(), a, ref.geometry(), b);
        progress.setProgress(1, null);
        return metrics;
    }

    /** Parses {@code 10,11,12} (blank: none, meaning every non-zero label). */
    public static int[] parseLabels(String s) {
        if (s == null || s.isBlank()) {
            return new int[0];
        }
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new SegmentationException("--labels " + s, "not a comma-separated list of labels 1..255");
            }
            if (out[i] < 1 || out[i] > 255) {
                throw new SegmentationException("--labels " + s, "label " + out[i] + " outside 1..255");
            }
        }
        return out;
    }

    /**
     * Draws the masks' contours over one CT slice and writes a PNG.
     *
     * @param slice the axial slice, or negative for the one with most voxels of the first mask
     * @return one line: the slice and the panels
     */
    public String overlay(Path ct, List<Path> masks, int slice, Path out, Progress progress) {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new SegmentationException(out.toString(), "the overlay is a PNG: name it .png");
        }
        LoadedVolume lv = VolumeFiles.read(stages.readers(), ct, progress.sub(0, 0.4));
        List<Mask> ms = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (Path p : masks) {
            Mask m = LabelMasks.of(VolumeFiles.read(stages.readers(), p, progress.sub(0.4, 0.8)));
            LabelMasks.requireSameGrid(ct.toString(), lv.volume().geometry(), p.toString(), m.geometry());
            ms.add(m);
            titles.add(title(p));
        }
        int nz = lv.volume().geometry().sizeZ();
        int k = slice < 0 ? OverlayImage.fullestSlice(ms.get(0)) : slice;
        if (k >= nz) {
            throw new SegmentationException(ct.toString(), "has slices 0.." + (nz - 1) + ", not " + k);
        }
        BufferedImage img = OverlayImage.render(lv.volume(), ms, titles, k);
        OverlayImage.writePng(img, out);
        progress.setProgress(1, null);
        return String.format(Locale.ROOT, "slice %d of %d, %s: %s (%d×%d)", k, nz, String.join(" | ", titles), out,
                img.getWidth(), img.getHeight());
    }

    private static String title(Path mask) {
        String name = mask.getFileName().toString();
        String ending = OutputNames.ending(name);
        return ending == null ? name : name.substring(0, name.length() - ending.length());
    }
}
