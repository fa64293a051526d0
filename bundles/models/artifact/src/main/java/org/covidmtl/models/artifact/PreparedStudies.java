package org.covidmtl.models.artifact;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/** Studies from prepared tensors saved as {@code .npy} (how PyTorch users hand over preprocessed inputs). */
public final class PreparedStudies {
    private PreparedStudies() {
    }

    /**
     * One study per row of a prepared volume tensor N×1×D×H×W ({@code .npy}, already cropped and normalised as
     * the schema's {@link VolumeSchema} says), with the features of the same row of an N×F {@code .npy} in the
     * schema's feature order; study ids are {@code <file>[i]}.
     *
     * @param features the N×F features, or {@code null} when the model reads none
     * @throws StageException naming the {@code .npy} file and both shapes when a tensor does not fit the model
     */
    public static List<Study> of(ModelSchema schema, Path volume, Path features) {
        VolumeSchema vs = schema.volume();
        if (vs == null) {
            throw new StageException(volume.toString(), "model " + schema.model() + " reads no volume");
        }
        Npy.Tensor v = Npy.read(volume);
        long[] shape = v.shape();
        long[] want = {shape.length > 0 ? shape[0] : -1, 1, vs.depth(), vs.height(), vs.width()};
        if (shape.length != 5 || shape[0] < 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, 5),
                Arrays.copyOfRange(want, 1, 5))) {
            throw new StageException(volume.toString(), "volume tensor has shape " + Arrays.toString(shape)
                    + ", model " + schema.model() + " reads [N, 1, " + vs.depth() + ", " + vs.height() + ", "
                    + vs.width() + "] (N×1×D×H×W)");
        }
        int n = (int) shape[0];
        List<String> names = schema.features();
        float[] f = null;
        if (features == null) {
            if (!names.isEmpty()) {
                throw new StageException(volume.toString(), "model " + schema.model() + " also reads "
                        + names.size() + " features per study: give them as an N×" + names.size() + " .npy");
            }
        } else {
            Npy.Tensor t = Npy.read(features);
            long[] fs = t.shape();
            if (fs.length != 2 || fs[0] != n || fs[1] != names.size()) {
                throw new StageException(features.toString(), "feature tensor has shape " + Arrays.toString(fs)
                        + ", model " + schema.model() + " reads [" + n + ", " + names.size() + "] (N×F, N from "
                        + volume.getFileName() + " " + Arrays.toString(shape) + ")");
            }
            f = t.data();
        }
        int voxels = vs.depth() * vs.height() * vs.width();
        float[] all = v.data();
        double sp = vs.spacingMm();
        VolumeGeometry grid = VolumeGeometry.axial(new int[] {vs.width(), vs.height(), vs.depth()},
                new double[] {sp, sp, sp}, new double[] {0, 0, 0});
        String file = volume.getFileName().toString();
        List<Study> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Double> byName = new HashMap<>();
            for (int c = 0; f != null && c < names.size(); c++) {
                byName.put(names.get(c), (double) f[i * names.size() + c]);
            }
            int row = i;
            Study.VolumeSource source = () -> new StudyVolume(
                    new Volume(grid, Arrays.copyOfRange(all, row * voxels, (row + 1) * voxels)), null, true);
            out.add(new Study(file + "[" + i + "]", byName, Map.of(), source));
        }
        return out;
    }
}
