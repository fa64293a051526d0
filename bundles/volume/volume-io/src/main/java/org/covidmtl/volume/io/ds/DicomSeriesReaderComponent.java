package org.covidmtl.volume.io.ds;

import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.osgi.service.component.annotations.Component;

/**
 * DICOM series reader (PixelMed; series choice, HU, RTSTRUCT masks) as a stage service. Ranked last (0): it accepts any
 * folder holding a DICOM file, so the readers of specific formats are asked first.
 */
@Component(service = VolumeReader.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_VOLUME_READER,
        "service.ranking:Integer=0",
        StageProperties.NAME + "=dicom",
        StageProperties.FORMAT + "=dicom",
        StageProperties.DESCRIPTION + "=DICOM series reader (PixelMed; series choice, HU, RTSTRUCT masks)"})
public final class DicomSeriesReaderComponent extends DelegatingVolumeReader {
    public DicomSeriesReaderComponent() {
        super(new DicomSeriesReader());
    }
}
