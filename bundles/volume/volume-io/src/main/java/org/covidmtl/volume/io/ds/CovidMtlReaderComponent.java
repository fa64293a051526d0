package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.CovidMtlFormat;
import org.osgi.service.component.annotations.Component;

/** COVID-MTL compressed volume reader (.dtm/.dmm/.dcm) as a stage service. */
@Component(service = VolumeReader.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER,
        StageProperties.NAME + "=covid-mtl-dtm",
        StageProperties.FORMAT + "=covid-mtl",
        StageProperties.DESCRIPTION + "=COVID-MTL compressed volume reader (.dtm/.dmm/.dcm)"})
public final class CovidMtlReaderComponent implements VolumeReader {
    private final CovidMtlFormat delegate = new CovidMtlFormat();

    @Override
    public boolean canRead(Path input) {
        return delegate.canRead(input);
    }

    @Override
    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        return delegate.read(input, options, progress);
    }
}
