package org.covidmtl.volume.io.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fuzzing run shared by {@link FuzzTest} (a few hundred cases in CI) and {@link FuzzMain} (thousands, for
 * {@code bench/fuzz/}): for every target, its share of the cases of its reader, each made from the run's seed and the
 * case's index (so a failure can be made again alone), read, classified and deleted.
 */
final class Fuzzer {
    static final List<Target> TARGETS = List.of(new NiftiTarget(false), new NiftiTarget(true), new NrrdTarget(), new DicomFileTarget(),
            new DicomSeriesTarget(false), new DicomSeriesTarget(true), new DtmTarget());

    private Fuzzer() {
    }

    /**
     * @param perReader cases per reader (nifti, nrrd, dicom, covid-mtl), split among its targets by weight
     * @param tmp an empty folder for the cases
     */
    static FuzzTable run(int perReader, long seed, long boundMillis, Path tmp) throws IOException {
        FuzzRunner runner = new FuzzRunner(boundMillis);
        Map<String, Integer> readerWeight = TARGETS.stream().collect(Collectors.groupingBy(Target::reader, Collectors.summingInt(Target::weight)));
        FuzzTable table = new FuzzTable();
        for (Target t : TARGETS) {
            int w = readerWeight.get(t.reader());
            int n = (perReader * t.weight() + w - 1) / w;
            for (int i = 0; i < n; i++) {
                Path dir = Files.createDirectories(tmp.resolve(t.name()).resolve(Integer.toString(i)));
                FuzzCase c = t.make(random(seed, t, i), i, dir);
                table.add(c, runner.run(c));
                delete(dir);
            }
        }
        return table;
    }

    /** The random source of case {@code index} of target {@code t}. */
    static Random random(long seed, Target t, int index) {
        return new Random(seed * 1_000_003L + t.name().hashCode() * 7919L + index);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
