package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.NiftiReader;
import org.osgi.service.component.annotations.Component;

/** NIfTI-1 reader (.nii, .nii.gz; sform/qform, scl_slope) as a stage service. */
@Component(service = VolumeReader.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER,
        StageProperties.NAME + "=nifti",
        StageProperties.FORMAT + "=nifti",
        StageProperties.DESCRIPTION + "=NIfTI-1 reader (.nii, .nii.gz; sform/qform, scl_slope)"})
public final class NiftiReaderComponent implements VolumeReader {
    private final NiftiReader delegate = new NiftiReader();

    @Override
    public boolean canRead(Path input) {
        return delegate.canRead(input);
    }

    @Override
    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        return delegate.read(input, options, progress);
    }
}
