package org.covidmtl.volume.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers go through a hidden {@code .part} file; what an interrupted write left is removed by the next write to the same target. */
class AtomicWriteTest {
    @TempDir
    Path tmp;

    static List<String> names(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void staleTemporaryFilesOfTheTargetAreRemovedAndOnlyThose() throws Exception {
        Volume v = new NrrdReader().read(TestData.data("pyradiomics/data/breast1_label.nrrd"), Map.of(), Progress.none()).volume();
        Path out = tmp.resolve("out.nii.gz");
        // the name a write's temporary file has, seen while it is being written
        List<String> during = new ArrayList<>();
        IoUtil.writeAtomically(out, o -> during.addAll(names(tmp)));
        assertThat(during).hasSize(1);
        assertThat(during.get(0)).matches("\\.out\\.nii\\.gz\\.\\d+\\.part");
        assertThat(names(tmp)).containsExactly("out.nii.gz");
        // what interrupted writes (killed before their move) left behind: two of this target's, and files that are not its own
        List<String> stale = List.of(during.get(0), ".out.nii.gz.42.part");
        List<String> others = List.of(".out.nii.123.part", ".out.nii.gz1.234.part", ".out.nii.gz.notes.part", "x.out.nii.gz.5.part");
        for (String n : stale) {
            Files.write(tmp.resolve(n), new byte[] {1, 2, 3});
        }
        for (String n : others) {
            Files.write(tmp.resolve(n), new byte[] {1});
        }
        new NiftiWriter().write(v, out, Progress.none());
        List<String> expected = new ArrayList<>(others);
        expected.add("out.nii.gz");
        assertThat(names(tmp)).containsExactlyInAnyOrderElementsOf(expected);
        TestData.assertSameVoxels(new NiftiReader().read(out, Map.of(), Progress.none()).volume().voxels(), v.voxels(), 0);
    }
}
