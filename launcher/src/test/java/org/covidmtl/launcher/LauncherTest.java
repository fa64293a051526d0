package org.covidmtl.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void mavenVersionsBecomeOsgiVersions() {
        assertThat(SystemPackages.osgiVersion("1.0.0-M2.1")).isEqualTo("1.0.0.M2_1");
        assertThat(SystemPackages.osgiVersion("0.3.19-1.5.7")).isEqualTo("0.3.19.1_5_7");
        assertThat(SystemPackages.osgiVersion("2.7")).isEqualTo("2.7.0");
        assertThat(SystemPackages.osgiVersion("1.12.0")).isEqualTo("1.12.0");
    }

    @Test
    void theBuildExportedTheNd4jAndDl4jPackages() throws IOException {
        List<String> packages = Main.systemPackages();
        assertThat(packages).contains("org.nd4j.linalg.factory;version=1.0.0.M2_1",
                "org.deeplearning4j.nn.graph;version=1.0.0.M2_1", "org.nd4j.linalg.cpu.nativecpu;version=1.0.0.M2_1");
        // only valid package names: the native folders of the classifier jar are not packages
        assertThat(packages).allMatch(p -> p.matches("[A-Za-z0-9_.$]+;version=[0-9.A-Za-z_\\-]+"));
        assertThat(packages).noneMatch(p -> p.startsWith("org.apache.felix.framework"));
    }

    @Test
    void argumentsBecomeOneGogoCommandLine() {
        assertThat(Main.commandLine(new String[] {"lb | grep covidmtl"})).isEqualTo("lb | grep covidmtl");
        assertThat(Main.commandLine(new String[] {"volume:info", "/data/a b/ct", "--spacing", "1"}))
                .isEqualTo("volume:info '/data/a b/ct' --spacing 1");
        assertThat(Main.commandLine(new String[] {"echo", "it's $HOME"})).isEqualTo("echo \"it's \\$HOME\"");
    }

    @Test
    void errorsAreReducedToOneLine() {
        Exception wrapped = new RuntimeException(null, new IllegalArgumentException("bad input\nsecond line"));
        assertThat(Main.oneLine(wrapped)).isEqualTo("bad input");
    }
}
