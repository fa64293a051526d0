package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.util.Set;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.volume.io.CovidMtlFormat;
import org.osgi.service.component.annotations.Component;

/** COVID-MTL compressed volume writer (.dtm/.dmm/.dcm, byte-identical to the reference) as a stage service. */
@Component(service = VolumeWriter.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_WRITER,
        StageProperties.NAME + "=covid-mtl-dtm",
        StageProperties.FORMAT + "=covid-mtl",
        StageProperties.DESCRIPTION + "=COVID-MTL compressed volume writer (.dtm/.dmm/.dcm, byte-identical to the reference)"})
public final class CovidMtlWriterComponent implements VolumeWriter {
    private final CovidMtlFormat delegate = new CovidMtlFormat();

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
