package org.covidmtl.models.volume;

import java.nio.file.Files;
import java.nio.file.Path;

import org.covidmtl.api.model.StudyTraining;
import org.covidmtl.api.stage.Progress;

/**
 * The resume test's run in its own JVM, so that the test can kill it with {@code destroyForcibly()} (SIGKILL, as
 * {@code kill -9}): trains {@link RealCt#resumeRun}; when epoch 3 has trained its 1st batch (of 2) (checkpoint of epoch 2
 * written, epoch 3 half done) it writes {@code args[1]} and waits to be killed.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    public static void main(String[] args) throws Exception {
        Path checkpoints = Path.of(args[0]);
        Path marker = Path.of(args[1]);
        StudyTraining m = (StudyTraining) new CovidMtlFactory().create(RealCt.resumeRun(checkpoints, false));
        m.fit(RealCt.resumeTrain(), RealCt.resumeValidation(), new Progress() {
            @Override
            public void setProgress(double fraction, String message) {
                System.out.println(message);
                if (message != null && message.startsWith("epoch 3/3 batch 1/")) {
                    try {
                        Files.writeString(marker, message);
                        Thread.sleep(600_000);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        });
        System.out.println("finished without being killed");
    }
}
