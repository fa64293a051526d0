package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.osgi.service.component.annotations.Component;

/** DICOM series reader (PixelMed; series choice, HU, RTSTRUCT masks) as a stage service. */
@Component(service = VolumeReader.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER,
        StageProperties.NAME + "=dicom",
        StageProperties.FORMAT + "=dicom",
        StageProperties.DESCRIPTION + "=DICOM series reader (PixelMed; series choice, HU, RTSTRUCT masks)"})
public final class DicomSeriesReaderComponent implements VolumeReader {
    private final DicomSeriesReader delegate = new DicomSeriesReader();

    @Override
    public boolean canRead(Path input) {
        return delegate.canRead(input);
    }

    @Override
    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        return delegate.read(input, options, progress);
    }
}
