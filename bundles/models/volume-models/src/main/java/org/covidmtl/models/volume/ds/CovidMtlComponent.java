package org.covidmtl.models.volume.ds;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.models.volume.CovidMtlFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Registers COVID-MTL as {@code covid-mtl}. The service is a {@link ModelFactory} that is also a
 * {@link org.covidmtl.api.model.WeightImport} (callers test {@code instanceof}).
 */
@Component(service = ModelFactory.class, property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_MODEL,
        StageProperties.NAME + "=" + CovidMtlFactory.NAME,
        StageProperties.MODEL + "=" + CovidMtlFactory.NAME,
        StageProperties.TASK + "=covid-ct", StageProperties.TASK + "=covid-nat", StageProperties.TASK + "=severity",
        StageProperties.DESCRIPTION + "=" + CovidMtlFactory.DESCRIPTION })
public class CovidMtlComponent extends CovidMtlFactory {
}
