package org.covidmtl.loss.randomweighted.component;

import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Registers {@link RandomWeightedLoss} as the {@code random-weighted} loss strategy. */
@Component(configurationPid = "org.covidmtl.loss.randomweighted", property = {
        // the paper's strategy serves the loss stage unless mtl:use chose another
        "service.ranking:Integer=100",
        StageProperties.STAGE + "=" + StageProperties.STAGE_LOSS,
        StageProperties.NAME + "=random-weighted",
        StageProperties.DESCRIPTION + "=task weights = mean of n Dirichlet(1,...,1) draws, redrawn every iteration" })
@Designate(ocd = RandomWeightedLossComponent.Config.class)
public class RandomWeightedLossComponent implements LossStrategy {

    @ObjectClassDefinition(name = "COVID-MTL random-weighted loss")
    public @interface Config {
        @AttributeDefinition(description = "Dirichlet draws averaged per iteration (reference: 2)")
        int draws() default 2;

        @AttributeDefinition(description = "With two tasks, weights (p, 1-p) with p ~ U(0,1)")
        boolean twoTaskUniform() default false;
    }

    private final RandomWeightedLoss loss;

    @Activate
    public RandomWeightedLossComponent(Config config) {
        this.loss = new RandomWeightedLoss(config.draws(), config.twoTaskUniform());
    }

    @Override
    public TaskWeighting start(int tasks, long seed) {
        return loss.start(tasks, seed);
    }
}
