package org.covidmtl.segmentation.ds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageDirectory.Selected;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.segmentation.tool.LungStages;

/** The lung tool's providers, looked up in the stage directory at every call. */
final class DirectoryStages implements LungStages {
    private final StageDirectory directory;

    DirectoryStages(StageDirectory directory) {
        this.directory = directory;
    }

    @Override
    public List<VolumeReader> readers() {
        // a .dtm is DICOM-wrapped: its own reader is asked before the DICOM reader, which comes last
        List<Selected<VolumeReader>> l = new ArrayList<>(
                directory.providers(VolumeReader.class, StageProperties.STAGE_VOLUME_READER));
        l.sort(Comparator.comparingInt(s -> rank(s.name())));
        return l.stream().map(Selected::service).toList();
    }

    private static int rank(String name) {
        return switch (name) {
            case "covid-mtl-dtm" -> 0;
            case "dicom" -> 2;
            default -> 1;
        };
    }

    @Override
    public List<VolumeWriter> writers() {
        return directory.providers(VolumeWriter.class, StageProperties.STAGE_VOLUME_WRITER).stream()
                .map(Selected::service).toList();
    }

    @Override
    public Named segmenter(String method) {
        var selected = method == null
                ? directory.select(LungSegmenter.class, StageProperties.STAGE_SEGMENTER)
                : directory.select(LungSegmenter.class, StageProperties.STAGE_SEGMENTER, method);
        Selected<LungSegmenter> s = selected.orElseThrow(() -> new StageException(
                method == null ? StageProperties.STAGE_SEGMENTER : "--method " + method,
                method == null ? "no segmenter is registered"
                        : "no segmenter of that name is registered (registered: " + registered() + ")"));
        return new Named(s.name(), s.service());
    }

    private String registered() {
        return String.join(", ", directory.providers(LungSegmenter.class, StageProperties.STAGE_SEGMENTER).stream()
                .map(Selected::name).sorted().toList());
    }
}
