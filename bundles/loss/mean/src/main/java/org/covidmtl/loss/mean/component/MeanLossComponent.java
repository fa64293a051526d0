package org.covidmtl.loss.mean.component;

import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.loss.mean.MeanLoss;
import org.osgi.service.component.annotations.Component;

/** Registers {@link MeanLoss} as the {@code mean} loss strategy. */
@Component(property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_LOSS,
        StageProperties.NAME + "=mean",
        StageProperties.DESCRIPTION + "=equal task weights, total = mean of the task losses" })
public class MeanLossComponent implements LossStrategy {
    private final MeanLoss loss = new MeanLoss();

    @Override
    public TaskWeighting start(int tasks, long seed) {
        return loss.start(tasks, seed);
    }
}
