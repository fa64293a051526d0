package org.covidmtl.volume.io.ds;

import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.CovidMtlFormat;
import org.osgi.service.component.annotations.Component;

/**
 * COVID-MTL compressed volume reader (.dtm/.dmm/.dcm) as a stage service. Ranked first (20): its files look like DICOM,
 * so it is asked before the DICOM reader.
 */
@Component(service = VolumeReader.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER,
        "service.ranking:Integer=20",
        StageProperties.NAME + "=covid-mtl-dtm",
        StageProperties.FORMAT + "=covid-mtl",
        StageProperties.DESCRIPTION + "=COVID-MTL compressed volume reader (.dtm/.dmm/.dcm)"})
public final class CovidMtlReaderComponent extends DelegatingVolumeReader {
    public CovidMtlReaderComponent() {
        super(new CovidMtlFormat());
    }
}
