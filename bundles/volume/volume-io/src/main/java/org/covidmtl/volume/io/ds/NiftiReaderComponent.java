package org.covidmtl.volume.io.ds;

import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.NiftiReader;
import org.osgi.service.component.annotations.Component;

/** NIfTI-1 reader (.nii, .nii.gz; sform/qform, scl_slope) as a stage service. */
@Component(service = VolumeReader.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER,
        "service.ranking:Integer=10",
        StageProperties.NAME + "=nifti",
        StageProperties.FORMAT + "=nifti",
        StageProperties.DESCRIPTION + "=NIfTI-1 reader (.nii, .nii.gz; sform/qform, scl_slope)"})
public final class NiftiReaderComponent extends DelegatingVolumeReader {
    public NiftiReaderComponent() {
        super(new NiftiReader());
    }
}
