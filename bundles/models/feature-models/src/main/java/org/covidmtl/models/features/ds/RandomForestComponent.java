package org.covidmtl.models.features.ds;

import java.util.Set;

import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
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
public class RandomForestComponent implements ModelFactory {
    private final RandomForestFactory factory = new RandomForestFactory();

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
