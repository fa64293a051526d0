package org.covidmtl.volume.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CovidMtlFormatTest {
    @TempDir
    Path tmp;

    private static void assertDecodesTo(Path dtm, Path npy) throws Exception {
        TestData.Npy exp = TestData.readNpy(npy);
        CovidMtlFormat f = new CovidMtlFormat();
        assertThat(f.canRead(dtm)).isTrue();
        LoadedVolume lv = f.read(dtm, Map.of("values", "stored"), Progress.none());
        Volume v = lv.volume();
        // npy is slices x rows x cols; geometry size is cols, rows, slices
        assertThat(v.geometry().size()).containsExactly(exp.shape()[2], exp.shape()[1], exp.shape()[0]);
        float[] vox = v.voxels();
        assertThat(vox).hasSize(exp.data().length);
        for (int i = 0; i < vox.length; i++) {
            if (vox[i] != exp.data()[i]) {
                throw new AssertionError("voxel " + i + ": " + vox[i] + " != " + exp.data()[i]);
            }
        }
        // HU view
        LoadedVolume hu = f.read(dtm, Map.of(), Progress.none());
        assertThat(hu.volume().voxels()[vox.length / 2]).isEqualTo(vox[vox.length / 2] - 1024);
        assertThat(hu.warnings()).anyMatch(w -> w.contains("no geometry"));
    }

    @Test
    void sampleDecodesExactly() throws Exception {
        assertDecodesTo(TestData.data("covid-mtl/sample.dtm"), TestData.data("covid-mtl/sample-expected.npy"));
    }

    @Test
    void ibsiPhantomDecodesExactly() throws Exception {
        assertDecodesTo(TestData.data("covid-mtl/ibsi-ct-phantom.dtm"), TestData.data("covid-mtl/ibsi-ct-phantom-expected.npy"));
        LoadedVolume lv = new CovidMtlFormat().read(TestData.data("covid-mtl/ibsi-ct-phantom.dtm"), Map.of(), Progress.none());
        assertThat(lv.volume().geometry().size()).containsExactly(204, 201, 60);
        assertThat(lv.metadata()).containsEntry("patient-id", "1").containsEntry("content-date", "20210101");
    }

    @Test
    void writerIsByteIdenticalToReference() throws Exception {
        for (String[] c : new String[][] {{"sample.dtm", "7", "2026-11-23T04:33:14.687184"},
                {"ibsi-ct-phantom.dtm", "1", "2021-01-01T12:00:00"}}) {
            Path ref = TestData.data("covid-mtl/" + c[0]);
            CovidMtlFormat reader = new CovidMtlFormat();
            LoadedVolume lv = reader.read(ref, Map.of(), Progress.none());
            Path out = tmp.resolve(c[0]);
            new CovidMtlFormat(c[1], LocalDateTime.parse(c[2])).write(lv.volume(), out, Progress.none());
            byte[] a = Files.readAllBytes(ref);
            byte[] b = Files.readAllBytes(out);
            assertThat(b.length).as(c[0] + " length").isEqualTo(a.length);
            assertThat(b).as(c[0] + " bytes").isEqualTo(a);
        }
    }

    @Test
    void roundTripOfOwnVolumeAndMask() throws Exception {
        int[] size = {7, 5, 4};
        float[] v = new float[7 * 5 * 4];
        byte[] m = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 37) % 3000 - 1024;
            m[i] = (byte) (i % 3 == 0 ? 1 : 0);
        }
        Volume vol = new Volume(org.covidmtl.api.volume.VolumeGeometry.axial(size, new double[] {1, 1, 1}, new double[3]), v);
        Path p = tmp.resolve("x.dtm");
        new CovidMtlFormat().write(vol, p, Progress.none());
        LoadedVolume back = new CovidMtlFormat().read(p, Map.of(), Progress.none());
        TestData.assertSameVoxels(back.volume().voxels(), v, 0);
        Path pm = tmp.resolve("x.dmm");
        new CovidMtlFormat().write(new Mask(vol.geometry(), m), pm, Progress.none());
        LoadedVolume mb = new CovidMtlFormat().read(pm, Map.of(), Progress.none());
        assertThat(mb.mask()).isNotNull();
        assertThat(mb.mask().labels()).containsExactly(m);
    }

    @Test
    void corruptInputsAreTypedErrors() throws Exception {
        Path ref = TestData.data("covid-mtl/ibsi-ct-phantom.dtm");
        byte[] a = Files.readAllBytes(ref);
        CovidMtlFormat f = new CovidMtlFormat();
        // truncated
        Path t = tmp.resolve("trunc.dtm");
        Files.write(t, java.util.Arrays.copyOf(a, a.length / 2));
        assertThatThrownBy(() -> f.read(t, Map.of(), Progress.none())).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("trunc.dtm").hasMessageContaining("truncated");
        // wrong magic
        Path w = tmp.resolve("magic.dtm");
        byte[] wm = a.clone();
        wm[129] = 'X';
        Files.write(w, wm);
        assertThat(f.canRead(w)).isFalse();
        assertThatThrownBy(() -> f.read(w, Map.of(), Progress.none())).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("magic");
        // flipped bytes inside the 3rd PNG's image data
        ByteBuffer bb = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        int p = indexOf(a, new byte[] {(byte) 0xe0, 0x7f, 0x10, 0x00}) + 8;
        for (int item = 0; item < 3; item++) {
            p += 8 + bb.getInt(p + 4);
        }
        byte[] c = a.clone();
        for (int i = p + 8 + 60; i < p + 8 + 90; i++) {
            c[i] ^= 0x5a;
        }
        Path cp = tmp.resolve("corrupt.dtm");
        Files.write(cp, c);
        assertThatThrownBy(() -> f.read(cp, Map.of(), Progress.none())).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("corrupt.dtm").hasMessageContaining("slice 2");
    }

    static int indexOf(byte[] a, byte[] pat) {
        outer:
        for (int i = 0; i + pat.length <= a.length; i++) {
            for (int j = 0; j < pat.length; j++) {
                if (a[i + j] != pat[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
