package org.covidmtl.segmentation.ds;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.stage.ConsoleProgress;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.segmentation.MaskMetrics;
import org.covidmtl.segmentation.tool.LungBatch;
import org.covidmtl.segmentation.tool.LungTool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands {@code lung:segment}, {@code lung:batch}, {@code lung:score}, {@code lung:overlay}. Readers,
 * writers and segmenters come from the stage directory at each call: {@code mtl:use segmenter refined}
 * changes the next run.
 */
@Component(service = LungCommands.class)
@GogoCommand(scope = "lung", function = {"segment", "batch", "score", "overlay"})
public final class LungCommands {
    private static final String METHOD = "the segmenter's name (classical, refined); default: the segmenter stage's default (mtl:use segmenter <name>)";
    private final LungTool tool;

    @Activate
    public LungCommands(@Reference StageDirectory directory) {
        this.tool = new LungTool(new DirectoryStages(directory));
    }

    @Descriptor("segments the lungs of one CT (DICOM folder or file, NIfTI, NRRD, .dtm); writes the mask, the masked CT and a JSON summary")
    public String segment(
            @Descriptor(METHOD) @Parameter(names = {"--method", "-m"}, absentValue = "") String method,
            @Descriptor("the CT: DICOM folder or file, .nii/.nii.gz, .nrrd, .dtm") String in,
            @Descriptor("the mask's file: x.nii.gz/x.nii/x.nrrd (+ x-masked-ct.<ext>) or x.dmm (+ x.dtm); x.json beside it") String out) {
        ConsoleProgress p = new ConsoleProgress(System.out, "segment");
        try {
            return tool.segment(Paths.get(in), Paths.get(out), blankToNull(method),
                    Runtime.getRuntime().availableProcessors(), p).report();
        } finally {
            p.done();
        }
    }

    @Descriptor("segments every study (file or sub-folder) of a folder; a failed study is reported and the others go on; volumes.csv lists them all")
    public String batch(
            @Descriptor(METHOD) @Parameter(names = {"--method", "-m"}, absentValue = "") String method,
            @Descriptor("studies segmented at the same time") @Parameter(names = {"--jobs", "-j"}, absentValue = "1") int jobs,
            @Descriptor("output ending: nii.gz, nii, nrrd or dmm (the paper's .dmm + .dtm)") @Parameter(names = {"--format", "-f"}, absentValue = "nii.gz") String format,
            @Descriptor("folder of studies") String inDir,
            @Descriptor("output folder") String outDir) {
        ConsoleProgress p = new ConsoleProgress(System.out, "lung:batch");
        LungBatch.Result r;
        try {
            // each study's line replaces the bar's line; the bar is drawn again below it
            PrintStream log = new PrintStream(System.out, true) {
                @Override
                public void println(String x) {
                    super.println("\r\033[K" + x);
                }
            };
            r = new LungBatch(tool).run(Paths.get(inDir), Paths.get(outDir), blankToNull(method), format, jobs, p, log);
        } finally {
            p.done();
        }
        int failed = r.failed().size();
        StringBuilder sb = new StringBuilder();
        sb.append(r.studies().size() - failed).append(" segmented, ").append(failed).append(" failed; ")
                .append(r.table());
        r.failed().forEach(s -> sb.append("\n  failed: ").append(s.problem()));
        if (failed > 0) {
            // every other study is done; the batch as a whole reports failure to scripts
            System.out.println(sb);
            throw new StageException(inDir, failed + " of " + r.studies().size() + " studies failed (listed above)");
        }
        return sb.toString();
    }

    @Descriptor("scores a mask against a reference on the same grid: Dice, Jaccard, MCC, precision, recall, HD95")
    public String score(
            @Descriptor("reference labels counted as lung, comma-separated (e.g. TotalSegmentator's lobes 10,11,12,13,14); default: every non-zero label")
            @Parameter(names = {"--labels", "-l"}, absentValue = "") String labels,
            @Descriptor("the mask: any non-zero voxel is lung") String mask,
            @Descriptor("the reference mask or label file") String reference) {
        ConsoleProgress p = new ConsoleProgress(System.out, "score");
        MaskMetrics m;
        try {
            m = tool.score(Paths.get(mask), Paths.get(reference), LungTool.parseLabels(labels), p);
        } finally {
            p.done();
        }
        return String.format(Locale.ROOT,
                "Dice %.4f%nJaccard %.4f%nMCC %.4f%nprecision %.4f%nrecall %.4f%nHD95 %.2f mm%n(tp %d, fp %d, fn %d voxels)",
                m.dice(), m.jaccard(), m.mcc(), m.precision(), m.recall(), m.hd95Mm(), m.tp(), m.fp(), m.fn());
    }

    @Descriptor("draws a mask's contours over a CT slice in a lung window and writes a PNG")
    public String overlay(
            @Descriptor("axial slice index; default: the slice with the most mask voxels") @Parameter(names = {"--slice", "-k"}, absentValue = "-1") int slice,
            @Descriptor("the CT") String ct,
            @Descriptor("the mask") String mask,
            @Descriptor("the PNG to write") String out) {
        return overlay(slice, ct, List.of(Paths.get(mask)), out);
    }

    @Descriptor("draws two masks' contours side by side (e.g. classical vs refined) over a CT slice and writes a PNG")
    public String overlay(
            @Descriptor("axial slice index; default: the slice with the most voxels of the first mask") @Parameter(names = {"--slice", "-k"}, absentValue = "-1") int slice,
            @Descriptor("the CT") String ct,
            @Descriptor("the first mask (left panel)") String mask,
            @Descriptor("the second mask (right panel)") String mask2,
            @Descriptor("the PNG to write") String out) {
        return overlay(slice, ct, List.of(Paths.get(mask), Paths.get(mask2)), out);
    }

    private String overlay(int slice, String ct, List<Path> masks, String out) {
        ConsoleProgress p = new ConsoleProgress(System.out, "overlay");
        try {
            return tool.overlay(Paths.get(ct), masks, slice, Paths.get(out), p);
        } finally {
            p.done();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
