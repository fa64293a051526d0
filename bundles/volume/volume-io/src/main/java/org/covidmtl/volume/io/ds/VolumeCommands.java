package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.stage.ConsoleProgress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.volume.io.VolumeIO;
import org.covidmtl.volume.io.VolumeTool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Gogo commands {@code volume:info}, {@code volume:convert}, {@code volume:batch} over the registered readers and writers. */
@Component(service = VolumeCommands.class)
@GogoCommand(scope = "volume", function = {"info", "convert", "batch"})
public final class VolumeCommands {
    private final VolumeTool tool;

    @Activate
    public VolumeCommands(
            @Reference(name = "readers", service = VolumeReader.class, cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY,
                    target = "(" + StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER + ")")
            List<Map.Entry<Map<String, Object>, VolumeReader>> readers,
            @Reference(name = "writers", service = VolumeWriter.class, cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY,
                    target = "(" + StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_WRITER + ")")
            List<VolumeWriter> writers) {
        // the COVID-MTL format looks like DICOM: ask its reader first, and the DICOM reader last
        List<Map.Entry<Map<String, Object>, VolumeReader>> sorted = new ArrayList<>(readers);
        sorted.sort(Comparator.comparingInt(e -> rank(String.valueOf(e.getKey().get(StageProperties.NAME)))));
        List<VolumeReader> r = new ArrayList<>();
        sorted.forEach(e -> r.add(e.getValue()));
        this.tool = new VolumeTool(new VolumeIO(r, writers));
    }

    private static int rank(String name) {
        return switch (name) {
            case "covid-mtl-dtm" -> 0;
            case "dicom" -> 2;
            default -> 1;
        };
    }

    @Descriptor("shows what a volume file or DICOM folder reads as: series chosen, dimensions, spacing, origin, direction, HU statistics, warnings")
    public String info(
            @Descriptor("allow gaps in a DICOM series (interpolated and reported)") @Parameter(names = "--allow-gaps", absentValue = "false", presentValue = "true") boolean allowGaps,
            @Descriptor("a .nii/.nii.gz/.nrrd/.dtm file, a DICOM file or folder") String input) {
        ConsoleProgress p = new ConsoleProgress(System.out, "info");
        try {
            return tool.info(Paths.get(input), options(allowGaps, input), p);
        } finally {
            p.done();
        }
    }

    @Descriptor("converts a volume (any readable input) to .nii/.nii.gz/.nrrd/.dtm, optionally resampled to isotropic spacing")
    public String convert(
            @Descriptor("target isotropic spacing in mm; 0 keeps the spacing") @Parameter(names = {"--spacing", "-s"}, absentValue = "0") double spacing,
            @Descriptor("interpolation: nearest, linear, cubic") @Parameter(names = {"--interp", "-i"}, absentValue = "cubic") String interp,
            @Descriptor("allow gaps in a DICOM series (interpolated and reported)") @Parameter(names = "--allow-gaps", absentValue = "false", presentValue = "true") boolean allowGaps,
            @Descriptor("input file or DICOM folder") String in,
            @Descriptor("output file; the format follows its ending") String out) {
        ConsoleProgress p = new ConsoleProgress(System.out, "convert");
        try {
            return tool.convert(Paths.get(in), Paths.get(out), spacing, interp, options(allowGaps, in), p);
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
            @Descriptor("folder of studies") String inDir,
            @Descriptor("output folder") String outDir) {
        ConsoleProgress p = new ConsoleProgress(System.out, "batch");
        try {
            VolumeTool.BatchResult r = tool.batch(Paths.get(inDir), Paths.get(outDir), format, spacing, interp, threads,
                    allowGaps ? Map.of("allow-gaps", "true") : Map.of(), p, System.out);
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

    private static Map<String, String> options(boolean allowGaps, String input) {
        Map<String, String> o = new LinkedHashMap<>();
        if (allowGaps) {
            o.put("allow-gaps", "true");
        }
        return o;
    }

    static Path path(String s) {
        return Paths.get(s);
    }
}
