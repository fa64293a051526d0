package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.junit.jupiter.api.Test;

/** HU → input: offset, lung mask, clip, centre crop/pad with 0 (offset units), normalisation. */
class VolumeInputTest {

    private static final VolumeSchema SCHEMA = new VolumeSchema(2, 3, 4, 1.0, 1024, 2000, 10, 2, true);

    private static float expected(double valueAfterOffset) {
        return (float) ((Math.min(valueAfterOffset, 2000) - 10) / 2);
    }

    @Test
    void cropsPadsMasksClipsAndNormalises() {
        // x = 6 (crop 1 each side), y = 1 (pad 1 before, 1 after), z = 3 (crop: start 0, i.e. (3-2)/2 = 0)
        VolumeGeometry g = VolumeGeometry.axial(new int[] {6, 1, 3}, new double[] {1, 1, 1}, new double[3]);
        float[] hu = new float[18];
        byte[] lungs = new byte[18];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 6; i++) {
                hu[g.index(i, 0, k)] = 100 * k + i;
                lungs[g.index(i, 0, k)] = (byte) (i == 2 ? 0 : 1);
            }
        }
        hu[g.index(3, 0, 1)] = 5000; // clipped
        List<String> warnings = new ArrayList<>();
        float[] out = VolumeInput.prepare("s", new Volume(g, hu), new Mask(g, lungs), SCHEMA, warnings);
        assertTrue(warnings.isEmpty());
        assertEquals(2 * 3 * 4, out.length);
        float pad = expected(0);
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 4; i++) {
                    float v = out[i + 4 * (j + 3 * k)];
                    float want;
                    if (j != 1) {
                        want = pad;
                    } else {
                        int x = i + 1;
                        double h = hu[g.index(x, 0, k)];
                        want = x == 2 ? expected(0) : expected(h + 1024);
                    }
                    assertEquals(want, v, 1e-6, "voxel " + i + "," + j + "," + k);
                }
            }
        }
        assertEquals(expected(2000), out[2 + 4 * (1 + 3 * 1)], 1e-6);
    }

    @Test
    void noMaskWarnsAndAMaskOnAnotherGridIsRefused() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {4, 3, 2}, new double[] {1, 1, 1}, new double[3]);
        List<String> warnings = new ArrayList<>();
        VolumeInput.prepare("s", new Volume(g, new float[24]), null, SCHEMA, warnings);
        assertEquals(1, warnings.size());
        VolumeGeometry other = VolumeGeometry.axial(new int[] {4, 3, 3}, new double[] {1, 1, 1}, new double[3]);
        StageException e = assertThrows(StageException.class, () -> VolumeInput.prepare("s",
                new Volume(g, new float[24]), new Mask(other, new byte[36]), SCHEMA, new ArrayList<>()));
        assertEquals("s: lung mask grid is 3×3×4 (depth×height×width), the CT's is 2×3×4", e.getMessage());
    }
}
