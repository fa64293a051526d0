package org.covidmtl.models.volume;

import java.util.Arrays;
import java.util.List;

import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * A study's volume as the network's input: depth × height × width floats, width fastest (the {@link Volume}
 * layout with i = x = width, j = y = height, k = z = depth, which is also NCDHW's C order).
 */
public final class VolumeInput {

    /** How far from the schema's spacing an HU volume may be, in mm. */
    static final double SPACING_TOLERANCE_MM = 0.05;

    private VolumeInput() {
    }

    /**
     * The input tensor of one study: a prepared volume as it is (its grid must be the schema's shape), an HU volume
     * preprocessed as {@code schema} says.
     *
     * @param warnings receives what the caller should know (e.g. no lung mask for a masked schema)
     * @throws StageException naming the study for a wrong shape, spacing or mask grid, or a non-finite voxel
     */
    public static float[] of(String study, StudyVolume v, VolumeSchema schema, List<String> warnings) {
        VolumeGeometry g = v.ct().geometry();
        if (v.prepared()) {
            if (g.sizeX() != schema.width() || g.sizeY() != schema.height() || g.sizeZ() != schema.depth()) {
                throw new StageException(study, "prepared volume is " + shape(g) + " (depth×height×width), the model"
                        + " reads " + schema.shape());
            }
            float[] voxels = v.ct().voxels();
            for (int i = 0; i < voxels.length; i++) {
                if (!Float.isFinite(voxels[i])) {
                    throw new StageException(study, "prepared volume has a non-finite voxel (" + voxels[i]
                            + ") at index " + i);
                }
            }
            return voxels.clone();
        }
        return prepare(study, v.ct(), v.lungs(), schema, warnings);
    }

    /**
     * Preprocesses an HU volume: value = HU + offset; 0 outside the lungs (when {@code lungs} is given and the
     * schema is masked); min(value, clipMax); centre crop or pad (with 0, i.e. −offset HU) to the schema's shape;
     * (value − mean) / std.
     */
    static float[] prepare(String study, Volume ct, Mask lungs, VolumeSchema schema, List<String> warnings) {
        VolumeGeometry g = ct.geometry();
        double[] sp = g.spacing();
        for (double s : sp) {
            if (Math.abs(s - schema.spacingMm()) > SPACING_TOLERANCE_MM) {
                throw new StageException(study, "volume spacing is " + sp[0] + "×" + sp[1] + "×" + sp[2]
                        + " mm (x×y×z), the model reads " + schema.spacingMm() + " mm isotropic: resample the"
                        + " volume first");
            }
        }
        byte[] mask = null;
        if (schema.masked()) {
            if (lungs == null) {
                warnings.add("no lung mask: the whole CT was used, the model reads the lungs only");
            } else {
                if (!Arrays.equals(lungs.geometry().size(), g.size())) {
                    throw new StageException(study, "lung mask grid is " + shape(lungs.geometry())
                            + " (depth×height×width), the CT's is " + shape(g));
                }
                mask = lungs.labels();
            }
        }
        int[] n = g.size(); // x, y, z
        int[] t = {schema.width(), schema.height(), schema.depth()};
        int[] src = new int[3];
        int[] dst = new int[3];
        int[] len = new int[3];
        for (int a = 0; a < 3; a++) {
            if (n[a] >= t[a]) {
                src[a] = (n[a] - t[a]) / 2;
            } else {
                dst[a] = (t[a] - n[a]) / 2;
            }
            len[a] = Math.min(n[a], t[a]);
        }
        double offset = schema.offset();
        double clip = schema.clipMax();
        double mean = schema.mean();
        double std = schema.std();
        float[] out = new float[t[0] * t[1] * t[2]];
        Arrays.fill(out, (float) ((Math.min(0.0, clip) - mean) / std));
        float[] hu = ct.voxels();
        for (int k = 0; k < len[2]; k++) {
            for (int j = 0; j < len[1]; j++) {
                int in = g.index(src[0], src[1] + j, src[2] + k);
                int o = dst[0] + t[0] * (dst[1] + j + t[1] * (dst[2] + k));
                for (int i = 0; i < len[0]; i++) {
                    float h = hu[in + i];
                    if (!Float.isFinite(h)) {
                        throw new StageException(study, "CT has a non-finite voxel (" + h + ") at (" + (src[0] + i)
                                + ", " + (src[1] + j) + ", " + (src[2] + k) + ")");
                    }
                    double value = mask != null && mask[in + i] == 0 ? 0 : h + offset;
                    out[o + i] = (float) ((Math.min(value, clip) - mean) / std);
                }
            }
        }
        return out;
    }

    /**
     * Where the model's grid starts in a CT of geometry {@code g} after {@link #prepare}'s centre crop or pad: the
     * CT index {x, y, z} of the model's voxel (0, 0, 0), negative on an axis that is padded.
     */
    static int[] cropStart(VolumeGeometry g, VolumeSchema schema) {
        int[] n = g.size();
        int[] t = {schema.width(), schema.height(), schema.depth()};
        int[] start = new int[3];
        for (int a = 0; a < 3; a++) {
            start[a] = n[a] >= t[a] ? (n[a] - t[a]) / 2 : -((t[a] - n[a]) / 2);
        }
        return start;
    }

    /** {@code z×y×x}, i.e. depth×height×width. */
    static String shape(VolumeGeometry g) {
        return g.sizeZ() + "×" + g.sizeY() + "×" + g.sizeX();
    }
}
