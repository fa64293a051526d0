package org.covidmtl.models.volume.zoo.ds;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.volume.zoo.Architecture;
import org.covidmtl.models.volume.zoo.ZooFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the 3-D ResNet-34 (single task, optional Shift3D) as {@code resnet3d-34}: a {@link ModelFactory} that is also a
 * {@link org.covidmtl.api.model.WeightImport}. {@code covidmtl.input} is the default input (depth×height×width).
 */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=resnet3d-34",
        StageProperties.MODEL + "=resnet3d-34",
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        ZooComponents.INPUT + "=" + ZooComponents.DEFAULT_INPUT,
        StageProperties.DESCRIPTION + "=" + ZooComponents.RESNET3D_34_DESCRIPTION })
public class ResNet3D34Component extends ZooFactory {

    public ResNet3D34Component() {
        super(Architecture.RESNET3D_34);
    }
}
