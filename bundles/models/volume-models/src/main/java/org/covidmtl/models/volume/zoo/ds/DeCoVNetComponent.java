package org.covidmtl.models.volume.zoo.ds;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.volume.zoo.Architecture;
import org.covidmtl.models.volume.zoo.ZooFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers DeCoVNet (Wang et al., IEEE TMI 2020; single task) as {@code decovnet}: a {@link ModelFactory} that is also a
 * {@link org.covidmtl.api.model.WeightImport}. {@code covidmtl.input} is the default input (depth×height×width).
 */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=decovnet",
        StageProperties.MODEL + "=decovnet",
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        ZooComponents.INPUT + "=" + ZooComponents.DEFAULT_INPUT,
        StageProperties.DESCRIPTION + "=" + ZooComponents.DECOVNET_DESCRIPTION })
public class DeCoVNetComponent extends ZooFactory {

    public DeCoVNetComponent() {
        super(Architecture.DECOVNET);
    }
}
