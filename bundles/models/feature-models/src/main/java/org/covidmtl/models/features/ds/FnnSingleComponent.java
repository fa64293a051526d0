package org.covidmtl.models.features.ds;

import java.util.Set;

import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.features.FnnFactory;
import org.osgi.service.component.annotations.Component;

/** Registers the single-task feature FNNs as {@code fnn-single}: one independent network per task. */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=" + FnnFactory.SINGLE,
        StageProperties.MODEL + "=fnn",
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        StageProperties.DESCRIPTION + "=single-task FNNs on radiomic features (375-256-128-64-32 + softmax head), one"
                + " independent network per task; DL4J" })
public class FnnSingleComponent implements ModelFactory {
    private final FnnFactory factory = new FnnFactory(false);

    @Override
    public Set<ModelInput> inputs() {
        return factory.inputs();
    }

    @Override
    public boolean multitask() {
        return factory.multitask();
    }

    @Override
    public Model create(ModelSettings settings) {
        return factory.create(settings);
    }
}
