package org.covidmtl.volume.io.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * DICOM series folders: contiguous slices of the IBSI CT phantom (uncompressed) or of the TotalSegmentator series
 * (JPEG 2000), optionally with the IBSI RTSTRUCT. One or two slices mutated by {@link DicomMutator} (or, for the
 * RTSTRUCT target, the structure set), or the folder changed: a slice removed or doubled, junk and empty files.
 * The untouched slices are links to the real files. {@code allow-gaps} is set in half of the cases.
 */
final class DicomSeriesTarget extends Target {
    private final boolean rtstruct;

    DicomSeriesTarget(boolean rtstruct) {
        super(rtstruct ? "rtstruct" : "dicom-series", "dicom", 1);
        this.rtstruct = rtstruct;
    }

    /** Slices {@code from} to {@code from + count − 1} of a shared-data folder, in name order. */
    static List<Path> slices(String folder, int from, int count) throws IOException {
        try (Stream<Path> s = Files.list(Target.shared(folder))) {
            return s.sorted().skip(from).limit(count).toList();
        }
    }

    @Override
    FuzzCase make(Random r, int index, Path dir) throws IOException {
        boolean j2k = !rtstruct && r.nextInt(4) == 0;
        String seed = j2k ? "totalsegmentator/example_ct_dicom (3 slices)" : "ibsi/ibsi_1_ct_radiomics_phantom/dicom/image (6 slices)"
                + (rtstruct ? " + mask/DCM_RS_00060.dcm" : "");
        List<Path> slices = j2k ? slices("totalsegmentator/example_ct_dicom", 8, 3) : slices("ibsi/ibsi_1_ct_radiomics_phantom/dicom/image", 26, 6);
        Path series = Files.createDirectory(dir.resolve("series"));
        List<String> what = new ArrayList<>();
        int victim = r.nextInt(slices.size());
        int second = r.nextInt(4) == 0 ? r.nextInt(slices.size()) : -1;
        int k = rtstruct ? 0 : r.nextInt(10);
        for (int i = 0; i < slices.size(); i++) {
            Path src = slices.get(i);
            Path dst = series.resolve(src.getFileName());
            if (k < 7 && !rtstruct && (i == victim || i == second)) {
                what.add(src.getFileName() + ":");
                Files.write(dst, DicomMutator.mutate(Files.readAllBytes(src), r, what));
            } else if (k == 7 && i == victim && i > 0 && i < slices.size() - 1) {
                what.add("slice " + src.getFileName() + " removed");
            } else {
                Files.createSymbolicLink(dst, src);
                if (k == 8 && i == victim) {
                    Files.createSymbolicLink(series.resolve("copy-" + src.getFileName()), src);
                    what.add("slice " + src.getFileName() + " doubled");
                }
            }
        }
        if (k == 9) {
            Files.write(series.resolve("junk.dcm"), ByteMutator.mutate(Files.readAllBytes(slices.get(0)), r, 0, new ArrayList<>()));
            Files.write(series.resolve("empty.dcm"), new byte[0]);
            what.add("junk and empty files added");
        }
        if (rtstruct) {
            Path rs = Target.shared("ibsi/ibsi_1_ct_radiomics_phantom/dicom/mask/DCM_RS_00060.dcm");
            Files.write(series.resolve("rs.dcm"), RtStructMutator.mutate(Files.readAllBytes(rs), r, what));
        }
        Map<String, String> options = r.nextBoolean() ? Map.of("allow-gaps", "true") : Map.of();
        if (rtstruct && r.nextInt(4) == 0) {
            options = Map.of("roi", ByteMutator.pick(r, "GTV-1", "nothing"));
        }
        boolean bomb = what.stream().anyMatch(w -> w.contains("bomb"));
        return new FuzzCase(reader(), name(), seed, String.join("; ", what), series, options, bomb);
    }
}
