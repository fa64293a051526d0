package org.covidmtl.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

import org.apache.felix.service.command.CommandProcessor;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** A provider jar dropped into the watched folder is installed and serves; removing it uninstalls it. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DeployFolderTest {
    private static final java.util.regex.Pattern MEAN_ROW = java.util.regex.Pattern.compile("(?m)^loss +mean ");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    StageDirectory directory;

    @InjectService(timeout = 10_000)
    CommandProcessor gogo;

    @Test
    void droppingAndRemovingAProviderJar() throws Exception {
        Path jar = Path.of(context.getProperty("itest.deploy.bundle"));
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        Files.createDirectories(deploy);
        assertThat(Gogo.run(gogo, "mtl:stages loss")).doesNotContainPattern(MEAN_ROW);

        Path dropped = deploy.resolve(jar.getFileName());
        Files.copy(jar, dropped);
        await(() -> directory.select(LossStrategy.class, StageProperties.STAGE_LOSS, "mean").isPresent());
        assertThat(installed("org.covidmtl.loss.mean")).isTrue();
        double[] w = directory.select(LossStrategy.class, StageProperties.STAGE_LOSS, "mean").orElseThrow().service()
                .start(4, 0).next();
        assertThat(w).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThat(Gogo.run(gogo, "mtl:stages loss")).containsPattern(MEAN_ROW);

        Files.delete(dropped);
        // wait for the uninstall to finish, not just for the bundle to leave ACTIVE: while it is STOPPING its
        // components are still being deactivated and the directory may still list them
        await(() -> !present("org.covidmtl.loss.mean"));
        assertThat(directory.select(LossStrategy.class, StageProperties.STAGE_LOSS, "mean")).isEmpty();
        // the shell keeps working
        assertThat(Gogo.run(gogo, "mtl:stages loss")).contains("random-weighted").doesNotContainPattern(MEAN_ROW);
    }

    private boolean installed(String symbolicName) {
        return Arrays.stream(context.getBundles()).anyMatch(b -> symbolicName.equals(b.getSymbolicName())
                && b.getState() == Bundle.ACTIVE);
    }

    private boolean present(String symbolicName) {
        return Arrays.stream(context.getBundles()).anyMatch(b -> symbolicName.equals(b.getSymbolicName())
                && b.getState() != Bundle.UNINSTALLED);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition within 15 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
