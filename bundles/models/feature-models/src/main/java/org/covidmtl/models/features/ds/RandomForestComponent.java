package org.covidmtl.models.features.ds;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.features.RandomForestFactory;
import org.osgi.service.component.annotations.Component;

/** Registers the random forest as {@code random-forest}. */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=" + RandomForestFactory.NAME,
        StageProperties.MODEL + "=random-forest",
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        StageProperties.DESCRIPTION + "=random forest per task (1000 Gini trees, sqrt(d) features per split,"
                + " bootstrap, fully grown), scikit-learn style; gain importance" })
public class RandomForestComponent extends DelegatingModelFactory {
    public RandomForestComponent() {
        super(new RandomForestFactory());
    }
}
