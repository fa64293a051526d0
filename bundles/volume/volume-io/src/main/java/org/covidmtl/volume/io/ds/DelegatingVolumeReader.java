package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.VolumeReader;

/** What every reader component is: a plain-Java reader, registered by its subclass's DS annotation. */
abstract class DelegatingVolumeReader implements VolumeReader {
    private final VolumeReader delegate;

    DelegatingVolumeReader(VolumeReader delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean canRead(Path input) {
        return delegate.canRead(input);
    }

    @Override
    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        return delegate.read(input, options, progress);
    }
}
