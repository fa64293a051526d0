package org.covidmtl.models.volume.zoo.ds;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.volume.zoo.Architecture;
import org.covidmtl.models.volume.zoo.ZooFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers SqueezeNet3D (single task) as {@code squeezenet3d}: a {@link ModelFactory} that is also a
 * {@link org.covidmtl.api.model.WeightImport}. {@code covidmtl.input} is the default input (depth×height×width).
 */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=squeezenet3d",
        StageProperties.MODEL + "=squeezenet3d",
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        ZooComponents.INPUT + "=" + ZooComponents.DEFAULT_INPUT,
        StageProperties.DESCRIPTION + "=" + ZooComponents.SQUEEZENET3D_DESCRIPTION })
public class SqueezeNet3DComponent extends ZooFactory {

    public SqueezeNet3DComponent() {
        super(Architecture.SQUEEZENET3D);
    }
}
