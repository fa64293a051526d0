package org.covidmtl.volume.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiNrrdTest {
    @TempDir
    Path tmp;

    static final NiftiReader NII = new NiftiReader();
    static final NrrdReader NRRD = new NrrdReader();

    static LoadedVolume nii(Path p) {
        return NII.read(p, Map.of(), Progress.none());
    }

    @Test
    void niftiRasSformWithStatistics() {
        Path p = TestData.data("totalsegmentator/example_ct_sm.nii.gz");
        assertThat(NII.canRead(p)).isTrue();
        LoadedVolume lv = nii(p);
        VolumeGeometry g = lv.volume().geometry();
        assertThat(g.size()).containsExactly(122, 101, 30);
        assertThat(g.spacing()).containsExactly(new double[] {3, 3, 3}, within(1e-6));
        // RAS sform (3,3,3 diagonal, t = (-177.956, 11.319, 94.302)) -> LPS
        assertThat(g.origin()).containsExactly(new double[] {177.95632935, -11.31900024, 94.30175781}, within(1e-4));
        assertThat(g.direction()).containsExactly(new double[] {-1, 0, 0, 0, -1, 0, 0, 0, 1}, within(1e-9));
        assertThat(lv.metadata().get("geometry-source")).startsWith("sform");
        double[] mmm = lv.volume().minMaxMean();
        assertThat(mmm[0]).isEqualTo(-1100);
        assertThat(mmm[1]).isEqualTo(1207);
        assertThat(mmm[2]).isCloseTo(-354.09530920305144, within(1e-6));
        assertThat(lv.volume().voxels()[1000]).isEqualTo(-688f);
    }

    @Test
    void niftiHeaderExtensionIsSkipped() {
        LoadedVolume seg = nii(TestData.data("totalsegmentator/example_seg.nii.gz"));
        LoadedVolume ct = nii(TestData.data("totalsegmentator/example_ct_sm.nii.gz"));
        assertThat(seg.metadata().get("extensions")).contains("skipped");
        assertThat(seg.volume().geometry().sameGrid(ct.volume().geometry(), 1e-6)).isTrue();
        double[] mmm = seg.volume().minMaxMean();
        assertThat(mmm[1]).isEqualTo(117);
        assertThat(mmm[2]).isCloseTo(7.397871016609858, within(1e-9));
        long nz = 0;
        double liverHu = 0;
        long liver = 0;
        for (int i = 0; i < seg.volume().voxels().length; i++) {
            float l = seg.volume().voxels()[i];
            if (l != 0) {
                nz++;
            }
            if (l == 5) {
                liver++;
                liverHu += ct.volume().voxels()[i];
            }
        }
        assertThat(nz).isEqualTo(110225);
        // the liver label sits on soft tissue: mean HU of an abdominal CT liver is tens of HU
        assertThat(liverHu / liver).isBetween(0.0, 200.0);
    }

    @Test
    void niftiLpsOrientedFile() {
        LoadedVolume lv = nii(TestData.data("totalsegmentator/pulmonary_ct_cropped.nii.gz"));
        VolumeGeometry g = lv.volume().geometry();
        assertThat(g.size()).containsExactly(122, 102, 112);
        assertThat(g.spacing()).containsExactly(new double[] {1.5, 1.5, 1.5}, within(1e-6));
        assertThat(g.direction()).containsExactly(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, within(1e-9));
        assertThat(g.origin()).containsExactly(new double[] {-71.65820312, -255.65820312, 576.20001221}, within(1e-4));
        double[] mmm = lv.volume().minMaxMean();
        assertThat(mmm[0]).isEqualTo(-1064);
        assertThat(mmm[1]).isEqualTo(3343);
        assertThat(mmm[2]).isCloseTo(-206.55061102309776, within(1e-6));
        assertThat(Geometry.orientationCode(g)).isEqualTo("RAI");
    }

    @Test
    void niftiLasSegmentationGeometry() {
        LoadedVolume lv = nii(TestData.data("totalsegmentator/example_seg_dicom.nii.gz"));
        VolumeGeometry g = lv.volume().geometry();
        assertThat(g.size()).containsExactly(512, 512, 20);
        assertThat(g.spacing()).containsExactly(new double[] {0.9765625, 0.9765625, 2}, within(1e-7));
        assertThat(g.direction()).containsExactly(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}, within(1e-9));
        assertThat(g.origin()).containsExactly(new double[] {-249.51171875, 61.51171875, -804.5}, within(1e-5));
    }

    @Test
    void niftiWriteReadRoundTripObliqueAndQform() throws Exception {
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        // rotation about z plus a flipped k axis (negative determinant -> qfac -1)
        VolumeGeometry g = new VolumeGeometry(new int[] {4, 3, 2}, new double[] {0.7, 1.1, 2.5}, new double[] {-10.5, 20.25, 30},
                new double[] {c, -s, 0, s, c, 0, 0, 0, -1});
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 1.5f - 7;
        }
        for (String name : new String[] {"a.nii", "a.nii.gz"}) {
            Path p = tmp.resolve(name);
            new NiftiWriter().write(new Volume(g, v), p, Progress.none());
            LoadedVolume back = nii(p);
            TestData.assertSameVoxels(back.volume().voxels(), v, 0);
            assertThat(back.volume().geometry().sameGrid(g, 1e-4)).as(back.volume().geometry().toString()).isTrue();
        }
        // drop the sform: the qform must give the same grid
        Path p = tmp.resolve("a.nii");
        byte[] b = Files.readAllBytes(p);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(254, (short) 0);
        Path q = tmp.resolve("q.nii");
        Files.write(q, b);
        LoadedVolume qv = nii(q);
        assertThat(qv.metadata().get("geometry-source")).startsWith("qform");
        assertThat(qv.volume().geometry().sameGrid(g, 1e-4)).as(qv.volume().geometry().toString()).isTrue();
        // sform preferred when both present: corrupt the qform only, the sform still wins
        byte[] b2 = Files.readAllBytes(p);
        ByteBuffer.wrap(b2).order(ByteOrder.LITTLE_ENDIAN).putFloat(268, 999f);
        Path q2 = tmp.resolve("q2.nii");
        Files.write(q2, b2);
        assertThat(nii(q2).volume().geometry().sameGrid(g, 1e-4)).isTrue();
        // scl_slope / scl_inter
        byte[] b3 = Files.readAllBytes(p);
        ByteBuffer.wrap(b3).order(ByteOrder.LITTLE_ENDIAN).putFloat(112, 2f).putFloat(116, 10f);
        Path q3 = tmp.resolve("scl.nii");
        Files.write(q3, b3);
        float[] sv = nii(q3).volume().voxels();
        for (int i = 0; i < v.length; i++) {
            assertThat(sv[i]).isEqualTo(v[i] * 2 + 10);
        }
        // masks as uint8
        byte[] labels = new byte[24];
        labels[5] = 1;
        labels[17] = 3;
        Path mp = tmp.resolve("m.nii.gz");
        new NiftiWriter().write(new Mask(g, labels), mp, Progress.none());
        LoadedVolume mb = nii(mp);
        assertThat(mb.metadata().get("datatype")).isEqualTo("2");
        assertThat(mb.volume().voxels()[17]).isEqualTo(3f);
        assertThat(mb.volume().voxels()[5]).isEqualTo(1f);
    }

    @Test
    void niftiBadInputsAreTypedErrors() throws Exception {
        byte[] ok;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(TestData.data("totalsegmentator/example_ct_sm.nii.gz")))) {
            ok = in.readAllBytes();
        }
        Object[][] cases = {
                {"dim0.nii", 40, (short) 9, "dim[0]"},
                {"bitpix.nii", 72, (short) 8, "bitpix"},
                {"dtype.nii", 70, (short) 1234, "datatype"},
                {"negdim.nii", 44, (short) -5, "dim[2]"}};
        for (Object[] c : cases) {
            byte[] b = ok.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort((Integer) c[1], (Short) c[2]);
            Path p = tmp.resolve((String) c[0]);
            Files.write(p, b);
            assertThatThrownBy(() -> nii(p)).isInstanceOf(VolumeFormatException.class).hasMessageContaining((String) c[0])
                    .hasMessageContaining((String) c[3]);
        }
        Path t = tmp.resolve("trunc.nii");
        Files.write(t, java.util.Arrays.copyOf(ok, ok.length - 1000));
        assertThatThrownBy(() -> nii(t)).isInstanceOf(VolumeFormatException.class).hasMessageContaining("truncated");
        Path tg = tmp.resolve("trunc.nii.gz");
        byte[] gz = Files.readAllBytes(TestData.data("totalsegmentator/example_ct_sm.nii.gz"));
        Files.write(tg, java.util.Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> nii(tg)).isInstanceOf(VolumeFormatException.class).hasMessageContaining("trunc.nii.gz");
        byte[] m = ok.clone();
        m[344] = 'x';
        Path mg = tmp.resolve("magic.nii");
        Files.write(mg, m);
        assertThat(NII.canRead(mg)).isFalse();
        assertThatThrownBy(() -> nii(mg)).isInstanceOf(VolumeFormatException.class).hasMessageContaining("magic");
    }

    @Test
    void nrrdPyradiomicsImagesAndLabels() {
        LoadedVolume img = NRRD.read(TestData.data("pyradiomics/data/brain1_image.nrrd"), Map.of(), Progress.none());
        VolumeGeometry g = img.volume().geometry();
        assertThat(g.size()).containsExactly(256, 256, 25);
        assertThat(g.spacing()).containsExactly(new double[] {0.78125, 0.78125, 6.5}, within(1e-9));
        assertThat(g.direction()).containsExactly(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}, within(1e-12));
        assertThat(g.origin()).containsExactly(new double[] {-99.609375, 99.609375, -78}, within(1e-9));
        double[] mmm = img.volume().minMaxMean();
        // PyRadiomics baseline diagnostics: Image-original Minimum 0, Maximum 3057, Mean 385.6564080810547
        assertThat(mmm[0]).isEqualTo(0);
        assertThat(mmm[1]).isEqualTo(3057);
        assertThat(mmm[2]).isCloseTo(385.6564080810547, within(1e-9));
        LoadedVolume lab = NRRD.read(TestData.data("pyradiomics/data/brain1_label.nrrd"), Map.of(), Progress.none());
        assertThat(lab.volume().geometry().sameGrid(g, 1e-9)).isTrue();
        assertThat(count(lab.volume(), 1)).isEqualTo(4137); // VoxelNum
        LoadedVolume b = NRRD.read(TestData.data("pyradiomics/data/breast1_image.nrrd"), Map.of(), Progress.none());
        double[] bm = b.volume().minMaxMean();
        assertThat(bm[0]).isEqualTo(6);
        assertThat(bm[1]).isEqualTo(248);
        assertThat(bm[2]).isCloseTo(63.380440917107585, within(1e-9));
        LoadedVolume bl = NRRD.read(TestData.data("pyradiomics/data/breast1_label.nrrd"), Map.of(), Progress.none());
        assertThat(count(bl.volume(), 1)).isEqualTo(143);
        assertThat(count(NRRD.read(TestData.data("pyradiomics/data/lung1_label.nrrd"), Map.of(), Progress.none()).volume(), 1))
                .isEqualTo(837);
        LoadedVolume pr = NRRD.read(TestData.data("pyradiomics/data/prostate_phantom_subvolume.nrrd"), Map.of(), Progress.none());
        assertThat(pr.metadata().get("type")).isEqualTo("unsigned short");
        assertThat(pr.volume().geometry().direction()).containsExactly(new double[] {-1, 0, 0, 0, -1, 0, 0, 0, 1}, within(1e-12));
    }

    static long count(Volume v, float label) {
        long n = 0;
        for (float x : v.voxels()) {
            if (x == label) {
                n++;
            }
        }
        return n;
    }

    @Test
    void nrrdRasLpsLasSpacesMapToSameLpsPoints() throws Exception {
        LoadedVolume ref = NRRD.read(TestData.data("pyradiomics/data/breast1_image.nrrd"), Map.of(), Progress.none());
        VolumeGeometry g = ref.volume().geometry();
        float[] v = ref.volume().voxels();
        byte[] raw = new byte[v.length * 2];
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            bb.putShort(2 * i, (short) v[i]);
        }
        double[][] m = Geometry.toAffine(g);
        String[][] spaces = {{"left-posterior-superior", "1", "1"}, {"RAS", "-1", "-1"}, {"left-anterior-superior", "1", "-1"}};
        for (String[] sp : spaces) {
            double fx = Double.parseDouble(sp[1]);
            double fy = Double.parseDouble(sp[2]);
            StringBuilder h = new StringBuilder("NRRD0005\ntype: short\ndimension: 3\nspace: " + sp[0] + "\nsizes: 45 120 21\n");
            h.append("space directions:");
            for (int a = 0; a < 3; a++) {
                h.append(" (").append(fx * m[0][a]).append(',').append(fy * m[1][a]).append(',').append(m[2][a]).append(')');
            }
            h.append("\nendian: big\nencoding: raw\nspace origin: (").append(fx * m[0][3]).append(',').append(fy * m[1][3]).append(',')
                    .append(m[2][3]).append(")\n\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(raw);
            Path p = tmp.resolve(sp[0] + ".nrrd");
            Files.write(p, out.toByteArray());
            LoadedVolume lv = NRRD.read(p, Map.of(), Progress.none());
            VolumeGeometry lg = lv.volume().geometry();
            assertThat(lg.sameGrid(g, 1e-9)).as(sp[0]).isTrue();
            double[] p1 = lg.toPhysical(44, 119, 20);
            assertThat(p1).containsExactly(g.toPhysical(44, 119, 20), within(1e-9));
            TestData.assertSameVoxels(lv.volume().voxels(), v, 0);
        }
    }

    @Test
    void nrrdWriterRoundTripRawAndGzipAndErrors() throws Exception {
        VolumeGeometry g = new VolumeGeometry(new int[] {3, 4, 5}, new double[] {0.5, 0.75, 3}, new double[] {1.5, -2, 7},
                new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0});
        float[] v = new float[60];
        for (int i = 0; i < 60; i++) {
            v[i] = (float) Math.sin(i) * 1000;
        }
        for (boolean gz : new boolean[] {false, true}) {
            Path p = tmp.resolve("w" + gz + ".nrrd");
            new NrrdWriter(gz).write(new Volume(g, v), p, Progress.none());
            LoadedVolume back = NRRD.read(p, Map.of(), Progress.none());
            TestData.assertSameVoxels(back.volume().voxels(), v, 0);
            assertThat(back.volume().geometry().sameGrid(g, 1e-12)).isTrue();
            assertThat(back.metadata().get("encoding")).isEqualTo(gz ? "gzip" : "raw");
        }
        byte[] ok = Files.readAllBytes(TestData.data("pyradiomics/data/breast1_image.nrrd"));
        Path t = tmp.resolve("trunc.nrrd");
        Files.write(t, java.util.Arrays.copyOf(ok, ok.length - 200));
        assertThatThrownBy(() -> NRRD.read(t, Map.of(), Progress.none())).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("trunc.nrrd");
        Path w = tmp.resolve("magic.nrrd");
        byte[] bad = ok.clone();
        bad[0] = 'X';
        Files.write(w, bad);
        assertThat(NRRD.canRead(w)).isFalse();
        assertThatThrownBy(() -> NRRD.read(w, Map.of(), Progress.none())).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> NRRD.read(w, Map.of("bogus", "1"), Progress.none())).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("bogus");
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(o)) {
            g.write(b);
        }
        return o.toByteArray();
    }
}
