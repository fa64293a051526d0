package org.covidmtl.models.volume.zoo.ds;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.volume.zoo.Architecture;
import org.covidmtl.models.volume.zoo.ZooFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers COVID-MTL VOLUME_3 (three heads, no radiomic features) as {@code covid-mtl-volume-3}: a {@link ModelFactory} that is also a
 * {@link org.covidmtl.api.model.WeightImport}. {@code covidmtl.input} is the default input (depth×height×width).
 */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=covid-mtl-volume-3",
        StageProperties.MODEL + "=covid-mtl-volume-3",
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        ZooComponents.INPUT + "=" + ZooComponents.DEFAULT_INPUT,
        StageProperties.DESCRIPTION + "=" + ZooComponents.COVID_MTL_VOLUME_3_DESCRIPTION })
public class CovidMtlVolume3Component extends ZooFactory {

    public CovidMtlVolume3Component() {
        super(Architecture.COVID_MTL_VOLUME_3);
    }
}
