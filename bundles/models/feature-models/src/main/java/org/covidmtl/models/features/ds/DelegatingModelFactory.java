package org.covidmtl.models.features.ds;

import java.util.Set;

import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;

/** What every model component is: a plain-Java factory, registered by its subclass's DS annotation. */
abstract class DelegatingModelFactory implements ModelFactory {
    private final ModelFactory delegate;

    DelegatingModelFactory(ModelFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Set<ModelInput> inputs() {
        return delegate.inputs();
    }

    @Override
    public boolean multitask() {
        return delegate.multitask();
    }

    @Override
    public Model create(ModelSettings settings) {
        return delegate.create(settings);
    }
}
