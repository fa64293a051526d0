package org.covidmtl.volume.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;

/** Picks a reader by content and a writer by file name ending, over a fixed or injected set of providers. */
public final class VolumeIO {
    private final List<VolumeReader> readers;
    private final List<VolumeWriter> writers;

    public VolumeIO(List<VolumeReader> readers, List<VolumeWriter> writers) {
        this.readers = List.copyOf(readers);
        this.writers = List.copyOf(writers);
    }

    /** Every reader and writer of this module (outside OSGi). The COVID-MTL reader is asked before DICOM. */
    public static VolumeIO standard() {
        CovidMtlFormat dtm = new CovidMtlFormat();
        List<VolumeReader> r = new ArrayList<>(List.of(dtm, new NiftiReader(), new NrrdReader(), new DicomSeriesReader()));
        List<VolumeWriter> w = List.of(new NiftiWriter(), new NrrdWriter(), dtm);
        return new VolumeIO(r, w);
    }

    /** The first reader (in the given order) that recognises the input; order the COVID-MTL reader before DICOM. */
    public VolumeReader readerFor(Path input) {
        if (!Files.exists(input)) {
            throw new VolumeFormatException(input.toString(), "no such file or folder");
        }
        for (VolumeReader r : readers) {
            if (r.canRead(input)) {
                return r;
            }
        }
        throw new VolumeFormatException(input.toString(), "no reader recognises this input (NIfTI, NRRD, DICOM, COVID-MTL .dtm)");
    }

    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        return readerFor(input).read(input, options, progress);
    }

    public VolumeWriter writerFor(Path output) {
        String n = IoUtil.lowerName(output);
        VolumeWriter best = null;
        int bestLen = -1;
        for (VolumeWriter w : writers) {
            for (String e : w.extensions()) {
                if (n.endsWith(e) && e.length() > bestLen) {
                    best = w;
                    bestLen = e.length();
                }
            }
        }
        if (best == null) {
            throw new VolumeFormatException(output.toString(), "no writer for this file name ending (.nii, .nii.gz, .nrrd, .dtm, .dmm, .dcm)");
        }
        return best;
    }

    public void write(Volume v, Path output, Progress progress) {
        writerFor(output).write(v, output, progress);
    }

    public void write(Mask m, Path output, Progress progress) {
        writerFor(output).write(m, output, progress);
    }
}
