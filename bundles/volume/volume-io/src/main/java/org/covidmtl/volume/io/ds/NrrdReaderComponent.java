package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.NrrdReader;
import org.osgi.service.component.annotations.Component;

/** NRRD reader (raw, gzip, ascii; RAS/LPS/LAS spaces) as a stage service. */
@Component(service = VolumeReader.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER,
        StageProperties.NAME + "=nrrd",
        StageProperties.FORMAT + "=nrrd",
        StageProperties.DESCRIPTION + "=NRRD reader (raw, gzip, ascii; RAS/LPS/LAS spaces)"})
public final class NrrdReaderComponent implements VolumeReader {
    private final NrrdReader delegate = new NrrdReader();

    @Override
    public boolean canRead(Path input) {
        return delegate.canRead(input);
    }

    @Override
    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        return delegate.read(input, options, progress);
    }
}
