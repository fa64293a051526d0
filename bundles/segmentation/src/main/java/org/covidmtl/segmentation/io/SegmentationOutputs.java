package org.covidmtl.segmentation.io;

import java.nio.file.Path;
import java.util.List;

import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeWriter;

/**
 * Writes what a segmentation produces: the mask, the masked CT the paper feeds downstream and a JSON
 * summary (see {@link OutputNames} for the names).
 *
 * <ul>
 * <li>mask: labels 1 right, 2 left ({@code .nii}, {@code .nii.gz}, {@code .nrrd}); the paper's
 * {@code .dmm} is binary, 0/1;</li>
 * <li>masked CT: HU inside the lungs, {@value #OUTSIDE_HU} outside; {@code .dtm} stores HU + 1024, so
 * outside is 0 as in the reference (voxels below −1024 HU are stored as 0 too);</li>
 * <li>summary: {@link Summary}.</li>
 * </ul>
 */
public final class SegmentationOutputs {
    /** The value of the masked CT outside the lungs, HU. */
    public static final float OUTSIDE_HU = -1024f;

    private SegmentationOutputs() {
    }

    /**
     * Writes the three files.
     *
     * @param source the input's name, for the summary
     * @param method the provider's name
     * @param seconds the segmentation's time, for the summary
     * @return the files written: mask, masked CT, summary
     */
    public static List<Path> write(String source, String method, double seconds, Volume ct, SegmentationResult result,
            OutputNames names, List<VolumeWriter> writers, Progress progress) {
        VolumeWriter maskWriter = VolumeFiles.writer(writers, names.mask());
        VolumeWriter ctWriter = VolumeFiles.writer(writers, names.maskedCt());
        Mask mask = names.paperFormat() ? binary(result.mask()) : result.mask();
        maskWriter.write(mask, names.mask(), progress.sub(0, 0.3));
        ctWriter.write(maskedCt(ct, result.mask()), names.maskedCt(), progress.sub(0.3, 0.95));
        AtomicFiles.writeString(names.summary(), Summary.json(source, method, seconds, result, names));
        progress.setProgress(1, null);
        return List.of(names.mask(), names.maskedCt(), names.summary());
    }

    /** The CT with every voxel outside the mask set to {@link #OUTSIDE_HU}. */
    public static Volume maskedCt(Volume ct, Mask mask) {
        float[] v = ct.voxels();
        byte[] l = mask.labels();
        float[] out = new float[v.length];
        for (int p = 0; p < v.length; p++) {
            out[p] = l[p] != 0 ? v[p] : OUTSIDE_HU;
        }
        return new Volume(ct.geometry(), out);
    }

    /** 1 where the mask has any label. */
    public static Mask binary(Mask mask) {
        byte[] l = mask.labels();
        byte[] b = new byte[l.length];
        for (int p = 0; p < l.length; p++) {
            b[p] = l[p] != 0 ? (byte) 1 : 0;
        }
        return new Mask(mask.geometry(), b);
    }
}
