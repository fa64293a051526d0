package org.covidmtl.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.felix.service.command.CommandProcessor;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

/** mtl:use changes the provider consumers get, and persists it in Configuration Admin. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class StageDefaultsTest {

    @InjectService(timeout = 10_000)
    StageDirectory directory;

    @InjectService(timeout = 10_000)
    CommandProcessor gogo;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void useSwitchesTheDefaultAndPersistsIt() throws Exception {
        String printed = Gogo.run(gogo, "mtl:use loss uncertainty");
        assertThat(printed).contains("loss: uncertainty");
        var selected = directory.select(LossStrategy.class, StageProperties.STAGE_LOSS).orElseThrow();
        assertThat(selected.name()).isEqualTo("uncertainty");
        assertThat(selected.fallback()).isFalse();
        assertThat(configurationAdmin.getConfiguration(StageProperties.DEFAULTS_PID, "?").getProperties().get("loss"))
                .isEqualTo("uncertainty");
        assertThat(Gogo.run(gogo, "mtl:stages loss")).containsPattern("uncertainty +\\*");

        Gogo.run(gogo, "mtl:use loss random-weighted");
        assertThat(directory.select(LossStrategy.class, StageProperties.STAGE_LOSS).orElseThrow().name())
                .isEqualTo("random-weighted");
    }

    @Test
    void anUnknownProviderIsRefusedWithTheRegisteredNames() {
        assertThatThrownBy(() -> Gogo.run(gogo, "mtl:use loss nope")).hasMessageContaining("no provider named nope")
                .hasMessageContaining("random-weighted");
        assertThat(directory.configuredDefault(StageProperties.STAGE_LOSS)).isNotEqualTo(java.util.Optional.of("nope"));
    }
}
