package org.covidmtl.volume.io.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed inputs made from the real files in the shared data, through every reader: each must read as a volume
 * or fail with a typed error naming the input, within the time bound, without printing, without running out of
 * memory; a decompression bomb must fail. Fixed seed; sized by system properties (and run at scale by
 * {@code bench/fuzz/run.sh} through {@link FuzzMain}):
 * <ul>
 * <li>{@code covidmtl.fuzz.cases}: cases per reader (nifti, nrrd, dicom, covid-mtl), split among its targets; default 80</li>
 * <li>{@code covidmtl.fuzz.seed}: the random seed; default 20261201</li>
 * <li>{@code covidmtl.fuzz.boundMillis}: the time bound per case; default 10000</li>
 * <li>{@code covidmtl.fuzz.report}: a file to write the table and the failures to</li>
 * </ul>
 */
class FuzzTest {
    @TempDir
    Path tmp;

    @Test
    void malformedInputsReadAsVolumesOrFailWithTypedErrorsNamingTheFile() throws IOException {
        int perReader = Integer.getInteger("covidmtl.fuzz.cases", 80);
        long seed = Long.getLong("covidmtl.fuzz.seed", 20261201L);
        long start = System.nanoTime();
        FuzzTable table = Fuzzer.run(perReader, seed, Long.getLong("covidmtl.fuzz.boundMillis", 10_000L), tmp);
        String report = String.format("fuzz: %d cases, seed %d, %d per reader, %.1f s%n%s", table.cases(), seed, perReader,
                (System.nanoTime() - start) / 1e9, table) + table.failures().stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
        System.out.println(report);
        String out = System.getProperty("covidmtl.fuzz.report");
        if (out != null && !out.isBlank()) {
            Files.writeString(Paths.get(out), report + "\n");
        }
        assertThat(table.failures()).as("cases that are neither a volume nor a typed error naming the file in time").isEmpty();
    }
}
