package org.covidmtl.models.features.ds;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.features.LightGbmFactory;
import org.osgi.service.component.annotations.Component;

/** Registers LightGBM as {@code lightgbm}. */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=" + LightGbmFactory.NAME,
        StageProperties.MODEL + "=lightgbm",
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        StageProperties.DESCRIPTION + "=LightGBM gbdt per task (1000 rounds, learning rate 0.01, binary or multiclass);"
                + " split-gain and split-count importance" })
public class LightGbmComponent extends DelegatingModelFactory {
    public LightGbmComponent() {
        super(new LightGbmFactory());
    }
}
