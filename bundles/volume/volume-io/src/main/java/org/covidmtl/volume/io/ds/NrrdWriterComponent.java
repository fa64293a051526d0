package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.util.Set;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.volume.io.NrrdWriter;
import org.osgi.service.component.annotations.Component;

/** NRRD writer (gzip, LPS) as a stage service. */
@Component(service = VolumeWriter.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_WRITER,
        StageProperties.NAME + "=nrrd",
        StageProperties.FORMAT + "=nrrd",
        StageProperties.DESCRIPTION + "=NRRD writer (gzip, LPS)"})
public final class NrrdWriterComponent implements VolumeWriter {
    private final NrrdWriter delegate = new NrrdWriter();

    @Override
    public Set<String> extensions() {
        return delegate.extensions();
    }

    @Override
    public void write(Volume volume, Path output, Progress progress) {
        delegate.write(volume, output, progress);
    }

    @Override
    public void write(Mask mask, Path output, Progress progress) {
        delegate.write(mask, output, progress);
    }
}
