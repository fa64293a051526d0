import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureVector;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.radiomics.RadiomicsEngine;
import org.covidmtl.radiomics.SettingsReader;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NrrdReader;

/**
 * Times the 375-vector (covid-mtl-375.yaml) on a real CT with its lung mask, and on a 1 mm 340x390x390
 * volume made from it (lung bounding box, trilinear to 1 mm, mirror-tiled). Prints seconds, peak heap,
 * features per second, process CPU time, and the time per image (original, each wavelet sub-band); {@code values}
 * prints every feature value instead, to compare two builds.
 * Usage: java -cp ... Bench.java <shared/data> <covid-mtl-375.yaml> [real|big|both|values]
 */
public class Bench {
    static final int[] LUNG = {10, 11, 12, 13, 14};

    public static void main(String[] a) throws Exception {
        Path data = Path.of(a[0]);
        Path params = Path.of(a[1]);
        String which = a.length > 2 ? a[2] : "both";
        Volume ct = new NiftiReader().read(data.resolve("totalsegmentator/example_ct_sm.nii.gz"), Map.of(), Progress.none()).volume();
        Volume seg = new NiftiReader().read(data.resolve("totalsegmentator/example_seg.nii.gz"), Map.of(), Progress.none()).volume();
        Volume lungs = lungImage(ct, seg);
        RadiomicsEngine fx = new RadiomicsEngine("radiomics", "bench");
        ExtractionSettings s = SettingsReader.read(params);
        if (which.equals("values")) {
            values(data, lungs, s);
            return;
        }
        if (!which.equals("big")) {
            run("real CT " + dims(lungs), fx, lungs, s);
        }
        if (!which.equals("real")) {
            Volume big = tile(resample1mm(crop(lungs)), 390, 390, 340);
            lungs = null;
            run("1 mm " + dims(big), fx, big, s);
        }
    }

    static void run(String name, RadiomicsEngine fx, Volume image, ExtractionSettings s) {
        Mask mask = positive(image);
        System.gc();
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
                heap.add(p);
            }
        }
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        List<String> steps = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        double load = os.getSystemLoadAverage();
        long t0 = System.nanoTime();
        long[] last = {t0};
        String[] current = {"start"};
        Progress p = new Progress() {
            public void setProgress(double f, String msg) {
                long now = System.nanoTime();
                if (!current[0].equals("start")) {
                    steps.add(String.format("%s %.1f s", current[0], (now - last[0]) / 1e9));
                }
                last[0] = now;
                current[0] = msg;
            }
            public boolean isCanceled() { return false; }
            public void cancel() { }
        };
        FeatureResult r = fx.extract(image, mask, s, p);
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long peak = heap.stream().mapToLong(q -> q.getPeakUsage().getUsed()).sum();
        int n = r.features().size();
        System.out.printf("%s, %d mask voxels: %d features in %.1f s, %.1f features/s, peak heap %.2f GiB (%.2f GiB before: image + mask)%n",
                name, mask.count(), n, sec, n / sec, peak / (double) (1L << 30), before / (double) (1L << 30));
        System.out.printf("  process CPU %.1f s (%.2f cores busy on average); system load average %.1f before, %.1f after%n",
                cpu, cpu / sec, load, os.getSystemLoadAverage());
        System.out.println("  per image: " + String.join(", ", steps));
    }

    /**
     * Prints every feature value with 17 digits, to compare two builds of the engine (values must not move):
     * the 375-vector on the real CT (odd size: PyRadiomics' re-shaping) and on the same padded into an even
     * 128x110x36 grid (the region's box inside the image), PyRadiomics' classes + wavelet on brain1.
     */
    static void values(Path data, Volume lungs, ExtractionSettings s375) {
        dump("real", lungs, positive(lungs), s375);
        Volume padded = pad(lungs, 128, 110, 36, 3, 5, 2);
        dump("padded", padded, positive(padded), s375);
        Volume brain = new NrrdReader().read(data.resolve("pyradiomics/data/brain1_image.nrrd"), Map.of(), Progress.none()).volume();
        Volume label = new NrrdReader().read(data.resolve("pyradiomics/data/brain1_label.nrrd"), Map.of(), Progress.none()).volume();
        byte[] b = new byte[label.voxels().length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.round(label.voxels()[i]);
        }
        FeatureClass[] texture = {FeatureClass.FIRSTORDER, FeatureClass.GLCM, FeatureClass.GLRLM, FeatureClass.GLSZM,
                FeatureClass.GLDM, FeatureClass.NGTDM};
        ExtractionSettings all = ExtractionSettings.builder().enable(ImageType.ORIGINAL, texture)
                .enable(ImageType.ORIGINAL, FeatureClass.SHAPE).enable(ImageType.WAVELET, texture).build();
        dump("brain1", brain, new Mask(brain.geometry(), b), all);
    }

    static void dump(String name, Volume v, Mask m, ExtractionSettings s) {
        FeatureVector f = new RadiomicsEngine("r", "dump").extract(v, m, s, Progress.none()).features();
        for (int i = 0; i < f.size(); i++) {
            System.out.printf("%s %s %.17g%n", name, f.names().get(i), f.values()[i]);
        }
    }

    static Volume pad(Volume v, int nx, int ny, int nz, int ox, int oy, int oz) {
        VolumeGeometry g = v.geometry();
        float[] out = new float[nx * ny * nz];
        for (int z = 0; z < g.sizeZ(); z++) {
            for (int y = 0; y < g.sizeY(); y++) {
                for (int x = 0; x < g.sizeX(); x++) {
                    out[(x + ox) + nx * ((y + oy) + ny * (z + oz))] = v.voxels()[g.index(x, y, z)];
                }
            }
        }
        return new Volume(VolumeGeometry.axial(new int[] {nx, ny, nz}, g.spacing(), new double[3]), out);
    }

    static String dims(Volume v) {
        int[] s = v.geometry().size();
        double[] sp = v.geometry().spacing();
        return s[0] + "x" + s[1] + "x" + s[2] + " @ " + sp[0] + "x" + sp[1] + "x" + sp[2] + " mm";
    }

    /** HU + 1024 inside the lung lobes (labels 10-14), 0 elsewhere: the reference's input. */
    static Volume lungImage(Volume ct, Volume seg) {
        float[] hu = ct.voxels();
        float[] l = seg.voxels();
        float[] v = new float[hu.length];
        for (int i = 0; i < v.length; i++) {
            int label = Math.round(l[i]);
            for (int x : LUNG) {
                if (label == x) {
                    v[i] = Math.max(0, hu[i] + 1024);
                }
            }
        }
        return new Volume(ct.geometry(), v);
    }

    static Mask positive(Volume v) {
        float[] f = v.voxels();
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = (byte) (f[i] > 0 ? 1 : 0);
        }
        return new Mask(v.geometry(), b);
    }

    /** The bounding box of the voxels > 0 (the reference crops to the lungs). */
    static Volume crop(Volume v) {
        VolumeGeometry g = v.geometry();
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        for (int z = 0; z < g.sizeZ(); z++) {
            for (int y = 0; y < g.sizeY(); y++) {
                for (int x = 0; x < g.sizeX(); x++) {
                    if (v.voxels()[g.index(x, y, z)] > 0) {
                        int[] c = {x, y, z};
                        for (int d = 0; d < 3; d++) {
                            lo[d] = Math.min(lo[d], c[d]);
                            hi[d] = Math.max(hi[d], c[d]);
                        }
                    }
                }
            }
        }
        int[] n = {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
        float[] out = new float[n[0] * n[1] * n[2]];
        for (int z = 0; z < n[2]; z++) {
            for (int y = 0; y < n[1]; y++) {
                for (int x = 0; x < n[0]; x++) {
                    out[x + n[0] * (y + n[1] * z)] = v.voxels()[g.index(x + lo[0], y + lo[1], z + lo[2])];
                }
            }
        }
        return new Volume(VolumeGeometry.axial(n, g.spacing(), new double[3]), out);
    }

    /** Trilinear resampling to 1 mm. */
    static Volume resample1mm(Volume v) {
        VolumeGeometry g = v.geometry();
        double[] sp = g.spacing();
        int[] n = new int[3];
        for (int d = 0; d < 3; d++) {
            n[d] = (int) Math.floor((g.size()[d] - 1) * sp[d]) + 1;
        }
        float[] src = v.voxels();
        float[] out = new float[n[0] * n[1] * n[2]];
        for (int z = 0; z < n[2]; z++) {
            double fz = z / sp[2];
            int z0 = Math.min((int) fz, g.sizeZ() - 1);
            int z1 = Math.min(z0 + 1, g.sizeZ() - 1);
            double wz = fz - z0;
            for (int y = 0; y < n[1]; y++) {
                double fy = y / sp[1];
                int y0 = Math.min((int) fy, g.sizeY() - 1);
                int y1 = Math.min(y0 + 1, g.sizeY() - 1);
                double wy = fy - y0;
                for (int x = 0; x < n[0]; x++) {
                    double fx = x / sp[0];
                    int x0 = Math.min((int) fx, g.sizeX() - 1);
                    int x1 = Math.min(x0 + 1, g.sizeX() - 1);
                    double wx = fx - x0;
                    double c00 = src[g.index(x0, y0, z0)] * (1 - wx) + src[g.index(x1, y0, z0)] * wx;
                    double c10 = src[g.index(x0, y1, z0)] * (1 - wx) + src[g.index(x1, y1, z0)] * wx;
                    double c01 = src[g.index(x0, y0, z1)] * (1 - wx) + src[g.index(x1, y0, z1)] * wx;
                    double c11 = src[g.index(x0, y1, z1)] * (1 - wx) + src[g.index(x1, y1, z1)] * wx;
                    double c0 = c00 * (1 - wy) + c10 * wy;
                    double c1 = c01 * (1 - wy) + c11 * wy;
                    out[x + n[0] * (y + n[1] * z)] = (float) Math.rint(c0 * (1 - wz) + c1 * wz);
                }
            }
        }
        return new Volume(VolumeGeometry.axial(n, new double[] {1, 1, 1}, new double[3]), out);
    }

    /** Mirror-tiles a volume to nx x ny x nz. */
    static Volume tile(Volume v, int nx, int ny, int nz) {
        VolumeGeometry g = v.geometry();
        float[] out = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            int sz = mirror(z, g.sizeZ());
            for (int y = 0; y < ny; y++) {
                int sy = mirror(y, g.sizeY());
                for (int x = 0; x < nx; x++) {
                    out[x + nx * (y + ny * z)] = v.voxels()[g.index(mirror(x, g.sizeX()), sy, sz)];
                }
            }
        }
        return new Volume(VolumeGeometry.axial(new int[] {nx, ny, nz}, new double[] {1, 1, 1}, new double[3]), out);
    }

    static int mirror(int i, int n) {
        int p = i % (2 * n);
        return p < n ? p : 2 * n - 1 - p;
    }
}
