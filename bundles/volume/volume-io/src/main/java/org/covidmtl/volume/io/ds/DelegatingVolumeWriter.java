package org.covidmtl.volume.io.ds;

import java.nio.file.Path;
import java.util.Set;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeWriter;

/** What every writer component is: a plain-Java writer, registered by its subclass's DS annotation. */
abstract class DelegatingVolumeWriter implements VolumeWriter {
    private final VolumeWriter delegate;

    DelegatingVolumeWriter(VolumeWriter delegate) {
        this.delegate = delegate;
    }

    @Override
    public Set<String> extensions() {
        return delegate.extensions();
    }

    @Override
    public void write(Volume volume, Path output, Progress progress) {
        delegate.write(volume, output, progress);
    }

    @Override
    public void write(Mask mask, Path output, Progress progress) {
        delegate.write(mask, output, progress);
    }
}
