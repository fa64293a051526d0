package org.covidmtl.volume.io.ds;

import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.volume.io.NrrdWriter;
import org.osgi.service.component.annotations.Component;

/** NRRD writer (gzip, LPS) as a stage service. */
@Component(service = VolumeWriter.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_WRITER,
        StageProperties.NAME + "=nrrd",
        StageProperties.FORMAT + "=nrrd",
        StageProperties.DESCRIPTION + "=NRRD writer (gzip, LPS)"})
public final class NrrdWriterComponent extends DelegatingVolumeWriter {
    public NrrdWriterComponent() {
        super(new NrrdWriter());
    }
}
