package org.covidmtl.models.volume.zoo.ds;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.volume.zoo.Architecture;
import org.covidmtl.models.volume.zoo.ZooFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers ShiftNet3D (SqueezeNet3D + Shift3D, single task) as {@code shiftnet3d}: a {@link ModelFactory} that is also a
 * {@link org.covidmtl.api.model.WeightImport}. {@code covidmtl.input} is the default input (depth×height×width).
 */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=shiftnet3d",
        StageProperties.MODEL + "=shiftnet3d",
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        ZooComponents.INPUT + "=" + ZooComponents.DEFAULT_INPUT,
        StageProperties.DESCRIPTION + "=" + ZooComponents.SHIFTNET3D_DESCRIPTION })
public class ShiftNet3DComponent extends ZooFactory {

    public ShiftNet3DComponent() {
        super(Architecture.SHIFTNET3D);
    }
}
