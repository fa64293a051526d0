package org.covidmtl.volume.io.ds;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.stage.ConsoleProgress;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.volume.io.VolumeIO;
import org.covidmtl.volume.io.VolumeTool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands {@code volume:info}, {@code volume:convert}, {@code volume:batch}. At every call the readers and
 * writers come from the {@link StageDirectory} in its order (configured default, then {@code service.ranking}, then
 * registration), and the first reader that recognises the input reads it: a reader added, removed or replaced
 * while the container runs serves the next command. Reader options: {@code --option key=value[,key=value…]}.
 */
@Component(service = VolumeCommands.class)
@GogoCommand(scope = "volume", function = {"info", "convert", "batch"})
public final class VolumeCommands {
    private static final String OPTION_HELP = "reader options key=value, several separated by commas (e.g. padding=keep,modality=any)";
    private final StageDirectory directory;

    @Activate
    public VolumeCommands(@Reference StageDirectory directory) {
        this.directory = directory;
    }

    /** The readers and writers registered now, in the directory's order. */
    private VolumeTool tool() {
        List<VolumeReader> readers = directory.providers(VolumeReader.class, StageProperties.STAGE_VOLUME_READER).stream()
                .map(StageDirectory.Selected::service).toList();
        List<VolumeWriter> writers = directory.providers(VolumeWriter.class, StageProperties.STAGE_VOLUME_WRITER).stream()
                .map(StageDirectory.Selected::service).toList();
        return new VolumeTool(new VolumeIO(readers, writers));
    }

    @Descriptor("shows what a volume file or DICOM folder reads as: series chosen, dimensions, spacing, origin, direction, HU statistics, warnings")
    public String info(
            @Descriptor("allow gaps in a DICOM series (interpolated and reported)") @Parameter(names = "--allow-gaps", absentValue = "false", presentValue = "true") boolean allowGaps,
            @Descriptor(OPTION_HELP) @Parameter(names = {"--option", "-o"}, absentValue = "") String option,
            @Descriptor("a .nii/.nii.gz/.nrrd/.dtm file, a DICOM file or folder") String input) {
        Map<String, String> options = ReaderOptions.parse(option, allowGaps);
        ConsoleProgress p = new ConsoleProgress(System.out, "info");
        try {
            return tool().info(Paths.get(input), options, p);
        } finally {
            p.done();
        }
    }

    @Descriptor("converts a volume (any readable input) to .nii/.nii.gz/.nrrd/.dtm, optionally resampled to isotropic spacing")
    public String convert(
            @Descriptor("target isotropic spacing in mm; 0 keeps the spacing") @Parameter(names = {"--spacing", "-s"}, absentValue = "0") double spacing,
            @Descriptor("interpolation: nearest, linear, cubic") @Parameter(names = {"--interp", "-i"}, absentValue = "cubic") String interp,
            @Descriptor("allow gaps in a DICOM series (interpolated and reported)") @Parameter(names = "--allow-gaps", absentValue = "false", presentValue = "true") boolean allowGaps,
            @Descriptor(OPTION_HELP) @Parameter(names = {"--option", "-o"}, absentValue = "") String option,
            @Descriptor("input file or DICOM folder") String in,
            @Descriptor("output file; the format follows its ending") String out) {
        Map<String, String> options = ReaderOptions.parse(option, allowGaps);
        ConsoleProgress p = new ConsoleProgress(System.out, "convert");
        try {
            return tool().convert(Paths.get(in), Paths.get(out), spacing, interp, options, p);
        } finally {
            p.done();
        }
    }

    @Descriptor("converts every study (sub-folder or file) of a folder in parallel; a failed study is reported and skipped")
    public String batch(
            @Descriptor("target isotropic spacing in mm; 0 keeps the spacing") @Parameter(names = {"--spacing", "-s"}, absentValue = "0") double spacing,
            @Descriptor("interpolation: nearest, linear, cubic") @Parameter(names = {"--interp", "-i"}, absentValue = "cubic") String interp,
            @Descriptor("output format ending, e.g. nii.gz, nrrd, dtm") @Parameter(names = {"--format", "-f"}, absentValue = "nii.gz") String format,
            @Descriptor("parallel threads") @Parameter(names = {"--threads", "-t"}, absentValue = "2") int threads,
            @Descriptor("allow gaps in DICOM series") @Parameter(names = "--allow-gaps", absentValue = "false", presentValue = "true") boolean allowGaps,
            @Descriptor(OPTION_HELP) @Parameter(names = {"--option", "-o"}, absentValue = "") String option,
            @Descriptor("folder of studies") String inDir,
            @Descriptor("output folder") String outDir) {
        Map<String, String> options = ReaderOptions.parse(option, allowGaps);
        ConsoleProgress p = new ConsoleProgress(System.out, "batch");
        try {
            VolumeTool.BatchResult r = tool().batch(Paths.get(inDir), Paths.get(outDir), format, spacing, interp, threads, options, p, System.out);
            StringBuilder sb = new StringBuilder();
            sb.append(r.converted().size()).append(" converted, ").append(r.failed().size()).append(" failed");
            r.failed().forEach(f -> sb.append("\n  failed: ").append(f));
            if (!r.failed().isEmpty()) {
                // the others are converted; the batch as a whole reports failure to scripts
                System.out.println(sb);
                throw new StageException(inDir, r.failed().size() + " of " + (r.failed().size() + r.converted().size())
                        + " studies failed (listed above)");
            }
            return sb.toString();
        } finally {
            p.done();
        }
    }
}
