package org.covidmtl.loss.uncertainty.component;

import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.loss.uncertainty.UncertaintyWeightedLoss;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Registers {@link UncertaintyWeightedLoss} as the {@code uncertainty} loss strategy. */
@Component(configurationPid = "org.covidmtl.loss.uncertainty", property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_LOSS,
        StageProperties.NAME + "=uncertainty",
        StageProperties.DESCRIPTION + "=Kendall et al.: sum exp(-s_k) L_k + s_k/2 with learned log-variances s_k" })
@Designate(ocd = UncertaintyWeightedLossComponent.Config.class)
public class UncertaintyWeightedLossComponent implements LossStrategy {

    @ObjectClassDefinition(name = "COVID-MTL uncertainty-weighted loss")
    public @interface Config {
        @AttributeDefinition(description = "Initial log-variance s_k of every task")
        double initialLogVariance() default 0.0;

        @AttributeDefinition(description = "The s_k learn at this multiple of the network's learning rate")
        double learningRateFactor() default 1.0;
    }

    private final UncertaintyWeightedLoss loss;

    @Activate
    public UncertaintyWeightedLossComponent(Config config) {
        this.loss = new UncertaintyWeightedLoss(config.initialLogVariance(), config.learningRateFactor());
    }

    @Override
    public TaskWeighting start(int tasks, long seed) {
        return loss.start(tasks, seed);
    }
}
