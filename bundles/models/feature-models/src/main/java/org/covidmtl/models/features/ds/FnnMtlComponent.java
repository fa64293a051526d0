package org.covidmtl.models.features.ds;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.features.FnnFactory;
import org.osgi.service.component.annotations.Component;

/** Registers the multitask feature FNN as {@code fnn-mtl}. */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=" + FnnFactory.MTL,
        StageProperties.MODEL + "=fnn-mtl",
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        StageProperties.DESCRIPTION + "=multitask FNN on radiomic features (375-256-128-64-32, one softmax head per"
                + " task), task losses combined by a loss strategy; DL4J" })
public class FnnMtlComponent extends DelegatingModelFactory {
    public FnnMtlComponent() {
        super(new FnnFactory(true));
    }
}
