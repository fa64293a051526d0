import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;

/** Prints the median wall time (ms) of reading a DICOM file or folder to HU with our reader. */
public class Bench {
    public static void main(String[] a) {
        Path p = Path.of(a[0]);
        int reps = Integer.parseInt(a[1]);
        DicomSeriesReader r = new DicomSeriesReader();
        Map<String, String> o = Map.of("modality", "any", "rtstruct", "false");
        for (int i = 0; i < 6; i++) {
            r.read(p, o, Progress.none()); // warm-up
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            r.read(p, o, Progress.none());
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(t);
        System.out.printf(java.util.Locale.ROOT, "%.1f%n", t[reps / 2]);
    }
}
