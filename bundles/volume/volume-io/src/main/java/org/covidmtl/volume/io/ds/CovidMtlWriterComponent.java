package org.covidmtl.volume.io.ds;

import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.volume.io.CovidMtlFormat;
import org.osgi.service.component.annotations.Component;

/** COVID-MTL compressed volume writer (.dtm/.dmm/.dcm, byte-identical to the reference) as a stage service. */
@Component(service = VolumeWriter.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_WRITER,
        StageProperties.NAME + "=covid-mtl-dtm",
        StageProperties.FORMAT + "=covid-mtl",
        StageProperties.DESCRIPTION + "=COVID-MTL compressed volume writer (.dtm/.dmm/.dcm, byte-identical to the reference)"})
public final class CovidMtlWriterComponent extends DelegatingVolumeWriter {
    public CovidMtlWriterComponent() {
        super(new CovidMtlFormat());
    }
}
