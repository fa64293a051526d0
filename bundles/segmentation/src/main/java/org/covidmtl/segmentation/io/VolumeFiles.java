package org.covidmtl.segmentation.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;

/** Picks a reader by content and a writer by file name ending from the providers given, in their order. */
public final class VolumeFiles {
    private VolumeFiles() {
    }

    /** Reads {@code input} with the first reader that recognises it. */
    public static LoadedVolume read(List<VolumeReader> readers, Path input, Progress progress) {
        if (!Files.exists(input)) {
            throw new StageException(input.toString(), "no such file or folder");
        }
        if (readers.isEmpty()) {
            throw new StageException(input.toString(), "no volume reader is registered");
        }
        for (VolumeReader r : readers) {
            if (r.canRead(input)) {
                return r.read(input, Map.of(), progress);
            }
        }
        throw new StageException(input.toString(),
                "no registered volume reader recognises this input (" + readers.size() + " asked)");
    }

    /** The first writer with an extension the output's name ends with. */
    public static VolumeWriter writer(List<VolumeWriter> writers, Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        for (VolumeWriter w : writers) {
            for (String e : w.extensions()) {
                if (name.endsWith(e.toLowerCase(Locale.ROOT))) {
                    return w;
                }
            }
        }
        throw new StageException(output.toString(),
                "no registered volume writer produces this file name ending (" + writers.size() + " registered)");
    }
}
