package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.util.Set;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.volume.io.NiftiWriter;
import org.osgi.service.component.annotations.Component;

/** NIfTI-1 writer (float32 volumes, uint8 masks) as a stage service. */
@Component(service = VolumeWriter.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_WRITER,
        StageProperties.NAME + "=nifti",
        StageProperties.FORMAT + "=nifti",
        StageProperties.DESCRIPTION + "=NIfTI-1 writer (float32 volumes, uint8 masks)"})
public final class NiftiWriterComponent implements VolumeWriter {
    private final NiftiWriter delegate = new NiftiWriter();

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
