import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;

/**
 * Prints two median wall times (ms): reading a DICOM file or folder to HU with our reader, and only reading
 * the same files' bytes (in parallel, as the reader decodes) — the I/O floor the reader is measured against.
 * With a third argument {@code cold}, the page cache is dropped before every timed run (needs root), so both
 * figures include reading from the disk.
 */
public class Bench {
    public static void main(String[] a) throws IOException {
        Path p = Path.of(a[0]);
        int reps = Integer.parseInt(a[1]);
        boolean cold = a.length > 2 && a[2].equals("cold");
        DicomSeriesReader r = new DicomSeriesReader();
        Map<String, String> o = Map.of("modality", "any", "rtstruct", "false");
        List<Path> files;
        try (Stream<Path> s = Files.walk(p)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (int i = 0; i < 6; i++) {
            r.read(p, o, Progress.none()); // warm-up
            readBytes(files);
        }
        double[] t = new double[reps];
        double[] io = new double[reps];
        for (int i = 0; i < reps; i++) {
            dropCaches(cold);
            long s = System.nanoTime();
            r.read(p, o, Progress.none());
            t[i] = (System.nanoTime() - s) / 1e6;
            dropCaches(cold);
            s = System.nanoTime();
            readBytes(files);
            io[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(t);
        java.util.Arrays.sort(io);
        System.out.printf(java.util.Locale.ROOT, "%.1f %.1f%n", t[reps / 2], io[reps / 2]);
    }

    static void dropCaches(boolean cold) throws IOException {
        if (!cold) {
            return;
        }
        try {
            Process pr = new ProcessBuilder("sh", "-c", "sync; echo 3 > /proc/sys/vm/drop_caches").inheritIO().start();
            if (pr.waitFor() != 0) {
                throw new IOException("cannot drop the page cache (needs root)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static long readBytes(List<Path> files) {
        return files.parallelStream().mapToLong(f -> {
            try {
                return Files.readAllBytes(f).length;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sum();
    }
}
