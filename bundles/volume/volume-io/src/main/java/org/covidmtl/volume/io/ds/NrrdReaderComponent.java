package org.covidmtl.volume.io.ds;

import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.NrrdReader;
import org.osgi.service.component.annotations.Component;

/** NRRD reader (raw, gzip, ascii; RAS/LPS/LAS spaces) as a stage service. */
@Component(service = VolumeReader.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER,
        "service.ranking:Integer=10",
        StageProperties.NAME + "=nrrd",
        StageProperties.FORMAT + "=nrrd",
        StageProperties.DESCRIPTION + "=NRRD reader (raw, gzip, ascii; RAS/LPS/LAS spaces)"})
public final class NrrdReaderComponent extends DelegatingVolumeReader {
    public NrrdReaderComponent() {
        super(new NrrdReader());
    }
}
