package org.covidmtl.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.covidmtl.api.stage.ComputeBackend;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The container as the runtime assembles it: everything resolves and activates; ND4J works in a component. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ContainerTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    StageDirectory directory;

    @Test
    void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertThat(notActive).isEmpty();
        assertThat(context.getBundles()).extracting(Bundle::getSymbolicName).contains("org.covidmtl.api",
                "org.covidmtl.platform.directory", "org.covidmtl.platform.nd4j", "org.covidmtl.loss.randomweighted",
                "org.covidmtl.loss.uncertainty", "org.apache.felix.scr", "org.apache.felix.fileinstall");
    }

    @Test
    void everyComponentIsSatisfiedOrActive() {
        List<String> problems = new ArrayList<>();
        int components = 0;
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith("org.covidmtl")) {
                continue;
            }
            components++;
            if (!scr.isComponentEnabled(description)) {
                problems.add(description.name + " is disabled");
            }
            var configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                problems.add(description.name + " has no configuration");
            }
            for (ComponentConfigurationDTO c : configurations) {
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                    problems.add(description.name + " state " + c.state + " " + c.failure);
                }
            }
        }
        assertThat(problems).isEmpty();
        // directory + commands, backend, two loss strategies
        assertThat(components).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theStageDirectorySeesTheStages() {
        assertThat(directory.stages()).extracting(StageInfo::stage, StageInfo::name).contains(
                org.assertj.core.groups.Tuple.tuple("backend", "nd4j"),
                org.assertj.core.groups.Tuple.tuple("loss", "random-weighted"),
                org.assertj.core.groups.Tuple.tuple("loss", "uncertainty"));
    }

    @Test
    void nd4jComputesInsideADeclarativeServicesComponent(
            @InjectService(filter = "(covidmtl.stage=backend)", timeout = 10_000) ComputeBackend backend) {
        assertThat(backend.selfTest(96)).isLessThan(1e-10);
        assertThat(backend.describe().get("backend")).isIn("CPU", "CUDA");
        assertThat(backend.describe().get("javacpp-platform")).endsWith(System.getProperty(
                "org.bytedeco.javacpp.platform.extension", ""));
    }
}
