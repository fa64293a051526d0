package org.covidmtl.segmentation.ds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.segmentation.ClassicalSegmenter;
import org.covidmtl.segmentation.RefinedSegmenter;
import org.covidmtl.volume.io.CovidMtlFormat;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.junit.jupiter.api.Test;

/** The commands' view of the stage directory: asked at every call, so a new default serves the next run. */
class DirectoryStagesTest {

    @Test
    void theDefaultIsAskedAtEveryCallAndANamedMethodOverridesIt() {
        StageDirectoryDouble d = new StageDirectoryDouble();
        LungSegmenter classical = new ClassicalSegmenter();
        LungSegmenter refined = new RefinedSegmenter(new ClassicalSegmenter(), RefinedSegmenter.Settings.paper());
        d.add(StageProperties.STAGE_SEGMENTER, "classical", classical);
        d.add(StageProperties.STAGE_SEGMENTER, "refined", refined);
        DirectoryStages stages = new DirectoryStages(d);
        assertThat(stages.segmenter(null).name()).isEqualTo("classical");
        d.setDefault(StageProperties.STAGE_SEGMENTER, "refined"); // mtl:use segmenter refined
        assertThat(stages.segmenter(null).segmenter()).isSameAs(refined);
        assertThat(stages.segmenter("classical").segmenter()).isSameAs(classical);
        assertThatThrownBy(() -> stages.segmenter("watershed")).isInstanceOf(StageException.class)
                .hasMessage("--method watershed: no segmenter of that name is registered (registered: classical, refined)");
    }

    @Test
    void theDtmReaderIsAskedBeforeDicomWhateverTheRegistrationOrder() {
        StageDirectoryDouble d = new StageDirectoryDouble();
        d.add(StageProperties.STAGE_VOLUME_READER, "dicom", new DicomSeriesReader());
        d.add(StageProperties.STAGE_VOLUME_READER, "nifti", new NiftiReader());
        d.add(StageProperties.STAGE_VOLUME_READER, "covid-mtl-dtm", new CovidMtlFormat());
        List<VolumeReader> readers = new DirectoryStages(d).readers();
        assertThat(readers).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("CovidMtlFormat", "NiftiReader", "DicomSeriesReader");
    }
}
