package org.covidmtl.models.features.ds;

import org.covidmtl.api.model.ModelFactory;
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
public class FnnSingleComponent extends DelegatingModelFactory {
    public FnnSingleComponent() {
        super(new FnnFactory(false));
    }
}
