package org.covidmtl.volume.io.ds;

import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.volume.io.NiftiWriter;
import org.osgi.service.component.annotations.Component;

/** NIfTI-1 writer (float32 volumes, uint8 masks) as a stage service. */
@Component(service = VolumeWriter.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_WRITER,
        StageProperties.NAME + "=nifti",
        StageProperties.FORMAT + "=nifti",
        StageProperties.DESCRIPTION + "=NIfTI-1 writer (float32 volumes, uint8 masks)"})
public final class NiftiWriterComponent extends DelegatingVolumeWriter {
    public NiftiWriterComponent() {
        super(new NiftiWriter());
    }
}
