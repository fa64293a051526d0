package org.covidmtl.segmentation;

import java.util.List;

import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.segmentation.tool.LungStages;
import org.covidmtl.volume.io.CovidMtlFormat;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NiftiWriter;
import org.covidmtl.volume.io.NrrdReader;
import org.covidmtl.volume.io.NrrdWriter;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;

/** The platform's plain readers and writers and both segmenters, without OSGi; {@code refined} is the default. */
final class TestStages implements LungStages {
    private final CovidMtlFormat dtm = new CovidMtlFormat();

    @Override
    public List<VolumeReader> readers() {
        return List.of(dtm, new NiftiReader(), new NrrdReader(), new DicomSeriesReader());
    }

    @Override
    public List<VolumeWriter> writers() {
        return List.of(new NiftiWriter(), new NrrdWriter(), dtm);
    }

    @Override
    public Named segmenter(String method) {
        if (method == null || method.equals("refined")) {
            return new Named("refined", new RefinedSegmenter(new ClassicalSegmenter(), RefinedSegmenter.Settings.paper()));
        }
        if (method.equals("classical")) {
            return new Named("classical", new ClassicalSegmenter());
        }
        throw new StageException("--method " + method, "no segmenter of that name is registered");
    }
}
