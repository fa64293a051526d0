package org.covidmtl.models.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.covidmtl.volume.io.NiftiReader;

/**
 * Small training studies cut from real CT volumes of {@code <shared>/data} (read with the platform's NIfTI reader):
 * 40×40×40 crops of TotalSegmentator's {@code pulmonary_ct_cropped} (chest, 1.5 mm) and of the IBSI CT radiomics
 * phantom (0.977 mm in-plane, 3 mm slices), 40×40×30 crops of TotalSegmentator's {@code example_ct_sm} (3 mm). The
 * crops keep their voxels and are declared 1 mm isotropic (the network needs 1 mm; the physical scale does not
 * matter to a test of the training machinery). Lung "masks" are HU &lt; −400 thresholds, not segmentations.
 * <p>
 * <b>The labels are assigned by us</b> (covid-ct = air fraction &gt; 0.25, covid-nat = cut from the chest CT,
 * severity = crop number mod 3) and the 8 "radiomic" features are simple statistics of the crop plus seeded
 * noise: a smoke test of the training machinery on real CT texture, not a claim about diagnostic quality.
 */
final class RealCt {

    static final Path SHARED = Path.of(System.getProperty("covidmtl.shared", "/work/shared"));
    static final List<Task> TASKS = List.of(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY);
    static final int FEATURES = 8;

    private static final Map<String, Volume> CACHE = new HashMap<>();

    private RealCt() {
    }

    static synchronized Volume read(String rel) {
        return CACHE.computeIfAbsent(rel, r -> new NiftiReader().read(SHARED.resolve("data").resolve(r), Map.of(),
                Progress.none()).volume());
    }

    static boolean available() {
        return Files.isRegularFile(SHARED.resolve("data/totalsegmentator/pulmonary_ct_cropped.nii.gz"));
    }

    /** A crop of {@code v} at voxel (x0, y0, z0), size (nx, ny, nz), declared 1 mm. */
    static Volume crop(Volume v, int x0, int y0, int z0, int nx, int ny, int nz) {
        VolumeGeometry g = v.geometry();
        float[] out = new float[nx * ny * nz];
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    out[i + nx * (j + ny * k)] = v.get(x0 + i, y0 + j, z0 + k);
                }
            }
        }
        return new Volume(VolumeGeometry.axial(new int[] {nx, ny, nz}, new double[] {1, 1, 1},
                new double[] {0, 0, 0}), out);
    }

    static Mask air(Volume v) {
        float[] x = v.voxels();
        byte[] m = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            m[i] = (byte) (x[i] < -400 ? 1 : 0);
        }
        return new Mask(v.geometry(), m);
    }

    /** {@code n} labelled studies (n ≤ 10). */
    static List<LabelledStudy> studies(int n) {
        Volume chest = read("totalsegmentator/pulmonary_ct_cropped.nii.gz");
        Volume phantom = read("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz");
        Volume abdomen = read("totalsegmentator/example_ct_sm.nii.gz");
        List<LabelledStudy> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            Volume v;
            boolean fromChest = c % 3 != 2;
            if (c % 3 == 0) {
                v = crop(chest, 10 + 15 * c % 70, 10 + 8 * c % 50, 20 + 5 * c, 40, 40, 40);
            } else if (c % 3 == 1) {
                v = crop(chest, 70 - 5 * c, 50, 60 - 4 * c, 40, 40, 40);
            } else if (c % 2 == 0) {
                v = crop(abdomen, 30 + 4 * c, 30, 0, 40, 40, 30);
            } else {
                v = crop(phantom, 80 + 3 * c, 80, 10, 40, 40, 40);
            }
            out.add(study("ct-" + c, v, fromChest ? air(v) : null, c, fromChest));
        }
        return out;
    }

    static LabelledStudy study(String id, Volume v, Mask lungs, int c, boolean fromChest) {
        float[] x = v.voxels();
        double sum = 0;
        double sq = 0;
        int airCount = 0;
        for (float f : x) {
            sum += f;
            sq += (double) f * f;
            airCount += f < -400 ? 1 : 0;
        }
        double mean = sum / x.length;
        double airFraction = (double) airCount / x.length;
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("radio_0", mean / 1000);
        f.put("radio_1", Math.sqrt(Math.max(0, sq / x.length - mean * mean)) / 1000);
        f.put("radio_2", airFraction);
        SplittableRandom r = new SplittableRandom(c);
        for (int i = 3; i < FEATURES; i++) {
            f.put("radio_" + i, r.nextDouble());
        }
        StudyVolume sv = new StudyVolume(v, lungs, false);
        Study s = new Study(id, f, Map.of(), () -> sv);
        return new LabelledStudy(s, new int[] {airFraction > 0.25 ? 1 : 0, fromChest ? 1 : 0, c % 3});
    }

    /** The small network: 32³ input, 8 features, crop margin 8, batch 2. */
    static Map<String, String> parameters(int epochs) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("depth", "32");
        p.put("size", "32");
        p.put("radio-features", Integer.toString(FEATURES));
        p.put("crop-margin", "8");
        p.put("epochs", Integer.toString(epochs));
        p.put("batch-size", "2");
        p.put("noise-probability", "0.5");
        return p;
    }

    /** The resume test's run: 3 epochs, random-weighted loss, checkpoints in {@code folder}. */
    static ModelSettings resumeRun(Path folder, boolean resume) {
        Map<String, String> p = parameters(3);
        p.put("checkpoints", folder.toString());
        p.put("resume", Boolean.toString(resume));
        return new ModelSettings(TASKS, p, 7, new ModelSettings.Loss("random-weighted", new RandomWeightedLoss(2,
                false)));
    }

    static List<LabelledStudy> resumeTrain() {
        return studies(4);
    }

    static List<LabelledStudy> resumeValidation() {
        return studies(6).subList(5, 6);
    }
}
