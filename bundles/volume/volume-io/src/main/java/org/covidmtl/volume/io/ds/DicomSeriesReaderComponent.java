package org.covidmtl.volume.io.ds;

import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.osgi.service.component.annotations.Component;

/** DICOM series reader (PixelMed; series choice, HU, RTSTRUCT masks) as a stage service. */
@Component(service = VolumeReader.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER,
        StageProperties.NAME + "=dicom",
        StageProperties.FORMAT + "=dicom",
        StageProperties.DESCRIPTION + "=DICOM series reader (PixelMed; series choice, HU, RTSTRUCT masks)"})
public final class DicomSeriesReaderComponent extends DelegatingVolumeReader {
    public DicomSeriesReaderComponent() {
        super(new DicomSeriesReader());
    }
}
