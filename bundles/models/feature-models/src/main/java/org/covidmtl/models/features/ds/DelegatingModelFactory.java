package org.covidmtl.models.features.ds;

import java.nio.file.Path;

import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelDescriptor;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelSettings;

/** What every model component is: a plain-Java factory, registered by its subclass's DS annotation. */
abstract class DelegatingModelFactory implements ModelFactory {
    private final ModelFactory delegate;

    DelegatingModelFactory(ModelFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public ModelDescriptor descriptor() {
        return delegate.descriptor();
    }

    @Override
    public Model create(ModelSettings settings) {
        return delegate.create(settings);
    }

    @Override
    public Model load(Path artifact) {
        return delegate.load(artifact);
    }
}
