package org.covidmtl.radiomics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeReader;

/** Reads images and label masks through the registered volume readers, the first that can read the input. */
public final class VolumeInputs {
    private final List<VolumeReader> readers;

    /** @param readers in the order they are tried */
    public VolumeInputs(List<VolumeReader> readers) {
        this.readers = List.copyOf(readers);
    }

    public Volume image(Path input, Progress progress) {
        return read(input, progress).volume();
    }

    /** A label image (or a reader's own mask) as a mask; labels must be integers 0..255. */
    public Mask mask(Path input, Progress progress) {
        LoadedVolume lv = read(input, progress);
        if (lv.mask() != null) {
            return lv.mask();
        }
        float[] f = lv.volume().voxels();
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            float v = f[i];
            if (!(v >= 0 && v <= 255 && v == Math.rint(v))) {
                throw new StageException(input.toString(), "not a label mask: voxel " + i + " is " + v
                        + " (labels must be integers 0..255)");
            }
            b[i] = (byte) (int) v;
        }
        return new Mask(lv.volume().geometry(), b);
    }

    private LoadedVolume read(Path input, Progress progress) {
        if (!Files.exists(input)) {
            throw new StageException(input.toString(), "does not exist");
        }
        for (VolumeReader r : readers) {
            if (r.canRead(input)) {
                return r.read(input, Map.of(), progress);
            }
        }
        throw new StageException(input.toString(), "no registered volume reader can read it (" + readers.size() + " readers tried)");
    }
}
