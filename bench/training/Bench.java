import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyTraining;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.models.volume.CovidMtlFactory;
import org.covidmtl.volume.io.NiftiReader;

/**
 * One covid-mtl training run on prepared studies as mtl:train streams them: every batch reads each study's prepared
 * 1 mm volume from its .nii.gz (as StudyPreparation.open does: lungs = voxels above −1024 HU), crops at the
 * reference's offsets, augments (noise, rot90/flip) and normalises on the loader thread while the previous batch
 * trains. Prints, per epoch, the trainer's split of the wall time: compute (forward, backward, SGD step), waiting
 * for data (the training thread blocked on the loader) and the loader thread's busy time.
 *
 * Usage: Bench.java <prepared-dir> <depth> <size> <batch> <epochs>
 * Output: RESULT lines "RESULT epoch <d>x<s>x<s> b<batch> <k> <wall> <compute> <wait> <loader>".
 */
public class Bench {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int depth = Integer.parseInt(a[1]);
        int size = Integer.parseInt(a[2]);
        int batch = Integer.parseInt(a[3]);
        int epochs = Integer.parseInt(a[4]);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".nii.gz")
                    && !p.getFileName().toString().endsWith("-mask.nii.gz")).sorted().toList();
        }
        List<LabelledStudy> studies = new ArrayList<>();
        int c = 0;
        for (Path f : files) {
            Map<String, Double> features = new LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                features.put("radio_" + i, (double) ((c * 7 + i * 3) % 5));
            }
            Study st = new Study(f.getFileName().toString(), features, Map.of(), () -> open(f));
            // labels are ours: this measures the machinery's time, not what the model learns
            studies.add(new LabelledStudy(st, new int[] {c % 2, (c + 1) % 2, c % 3}));
            c++;
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("depth", Integer.toString(depth));
        p.put("size", Integer.toString(size));
        p.put("radio-features", "4");
        p.put("epochs", Integer.toString(epochs));
        p.put("batch-size", Integer.toString(batch));
        p.put("threads", "2");
        Model m = new CovidMtlFactory().create(new ModelSettings(List.of(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY),
                p, 11));
        Pattern done = Pattern.compile("epoch (\\d+)/\\d+ done: .*training ([0-9.]+) s: compute ([0-9.]+) s, waiting for"
                + " data ([0-9.]+) s \\(loader busy ([0-9.]+) s\\)");
        long t0 = System.nanoTime();
        ((StudyTraining) m).fit(studies, List.of(), new Progress() {
            @Override
            public void setProgress(double fraction, String message) {
                if (message == null) {
                    return;
                }
                Matcher x = done.matcher(message);
                if (x.find()) {
                    System.out.printf("RESULT epoch %dx%dx%d b%d %s %s %s %s %s%n", depth, size, size, batch, x.group(1),
                            x.group(2), x.group(3), x.group(4), x.group(5));
                }
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        });
        System.out.printf("# %d studies, %d epochs, %.1f s in fit%n", studies.size(), epochs,
                (System.nanoTime() - t0) / 1e9);
    }

    static StudyVolume open(Path f) {
        try {
            Volume v = new NiftiReader().read(f, Map.of(), Progress.none()).volume();
            float[] x = v.voxels();
            byte[] m = new byte[x.length];
            for (int i = 0; i < x.length; i++) {
                m[i] = (byte) (x[i] > -1023.5f ? 1 : 0);
            }
            return new StudyVolume(v, new Mask(v.geometry(), m), false);
        } catch (Exception e) {
            throw new IllegalStateException(f + ": " + e, e);
        }
    }
}
