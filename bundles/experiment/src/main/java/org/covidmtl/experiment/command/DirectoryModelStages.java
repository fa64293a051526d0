package org.covidmtl.experiment.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageDirectory.Selected;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.experiment.predict.ModelTool;

/** {@link ModelTool.Stages} on the stage directory: providers are looked up at every call. */
final class DirectoryModelStages implements ModelTool.Stages {
    private final StageDirectory directory;

    DirectoryModelStages(StageDirectory directory) {
        if (directory == null) {
            throw new StageException("mtl", "the stage directory service is not available: no providers");
        }
        this.directory = directory;
    }

    @Override
    public ModelFactory model(String name) {
        return directory.select(ModelFactory.class, StageProperties.STAGE_MODEL, name).map(Selected::service)
                .orElseThrow(() -> new StageException(name, "no model of that name is registered (registered: "
                        + directory.providers(ModelFactory.class, StageProperties.STAGE_MODEL).stream()
                                .map(Selected::name).collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public LoadedVolume read(Path volume) {
        if (!Files.exists(volume)) {
            throw new StageException(volume.toString(), "no such file or folder");
        }
        for (Selected<VolumeReader> r : directory.providers(VolumeReader.class, StageProperties.STAGE_VOLUME_READER)) {
            if (r.service().canRead(volume)) {
                return r.service().read(volume, Map.of(), Progress.none());
            }
        }
        throw new StageException(volume.toString(), "no registered volume reader recognises this input");
    }
}
