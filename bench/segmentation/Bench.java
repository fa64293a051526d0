import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.segmentation.ClassicalSegmenter;
import org.covidmtl.segmentation.RefinedSegmenter;
import org.covidmtl.volume.io.Cropper;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NiftiWriter;
import org.covidmtl.volume.io.Resampler;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;

/**
 * Segmentation benchmark, run by run.sh (Java source launcher, the installed jars on the class path).
 * {@code prepare <dicom folder> <work>}: the CT as NIfTI, and resampled to 1 mm (cubic) and centre
 * cropped/padded (air) to 340×390×390 as the reference's CropSave; {@code run <method> <nii> <threads>}:
 * segments four times in this JVM and prints the first run (cold: JIT compilation included) and the
 * fastest of the other three (warm, as in a running container), wall and CPU seconds (all threads, JIT
 * and GC included), and the peak resident set.
 */
public final class Bench {
    /** One cold run (fresh JVM: the JIT compiles as it goes), then warm runs of which the fastest is shown. */
    private static final int RUNS = 4;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("prepare")) {
            prepare(Paths.get(args[1]), Paths.get(args[2]));
        } else {
            run(args[1], Paths.get(args[2]), Integer.parseInt(args[3]));
        }
    }

    static void prepare(Path dicom, Path work) throws Exception {
        Files.createDirectories(work);
        Path native_ = work.resolve("popi-00.nii");
        Path iso = work.resolve("popi-00-1mm-340x390x390.nii");
        if (Files.exists(native_) && Files.exists(iso)) {
            return;
        }
        Volume ct = new DicomSeriesReader().read(dicom, Map.of(), Progress.none()).volume();
        new NiftiWriter().write(ct, native_, Progress.none());
        Volume mm = Resampler.resample(ct, new double[] {1, 1, 1}, Resampler.Interpolation.CUBIC, Progress.none());
        Volume crop = Cropper.centre(mm, Cropper.REFERENCE_SIZE, -1024f);
        new NiftiWriter().write(crop, iso, Progress.none());
        System.out.println("prepared " + native_ + " " + ct.geometry() + "\n         " + iso + " " + crop.geometry());
    }

    static void run(String method, Path nii, int threads) {
        Volume ct = new NiftiReader().read(nii, Map.of(), Progress.none()).volume();
        LungSegmenter s = method.equals("classical") ? new ClassicalSegmenter()
                : new RefinedSegmenter(new ClassicalSegmenter(), RefinedSegmenter.Settings.paper());
        SegmentationOptions o = SegmentationOptions.defaults().withThreads(threads);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] t = new double[RUNS];
        double[] cpu = new double[RUNS];
        SegmentationResult r = null;
        int best = 1;
        for (int i = 0; i < RUNS; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            r = s.segment(nii.toString(), ct, o, Progress.none());
            t[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
            if (i > 0 && t[i] < t[best]) {
                best = i;
            }
        }
        int[] n = ct.geometry().size();
        System.out.printf(Locale.ROOT, "| %s %d×%d×%d | %s | Java, %d threads | %.2f (%.2f) | %.2f (%.2f) | %d | %s |%n",
                nii.getFileName(), n[0], n[1], n[2], method, threads, t[0], cpu[0], t[best], cpu[best], peakRssMb(),
                r.description());
    }

    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
