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
        // the libraries ND4J brings along are its own: bundles embed their own versions
        assertThat(packages).noneMatch(p -> p.startsWith("org.apache.commons.")).noneMatch(p -> p.startsWith("com.google.gson"))
                .anyMatch(p -> p.startsWith("org.slf4j;")).anyMatch(p -> p.startsWith("org.bytedeco.javacpp;"));
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

    @Test
    void aStageExceptionAnywhereInTheCauseChainIsReportedByItsMessage() {
        Exception typed = new org.covidmtl.api.stage.StageException("/data/ct.nii", "truncated: 10 of 20 bytes");
        assertThat(FailureReport.report(new java.lang.reflect.InvocationTargetException(typed), "volume:info /data/ct.nii"))
                .isEqualTo("/data/ct.nii: truncated: 10 of 20 bytes");
        assertThat(FailureReport.report(new IllegalStateException("while reading", typed), "x"))
                .isEqualTo("/data/ct.nii: truncated: 10 of 20 bytes");
    }

    @Test
    void anythingElseIsAnInternalErrorNamingItsClassAndTheLog() {
        String line = FailureReport.report(new java.lang.reflect.InvocationTargetException(new NoClassDefFoundError("org/x/Y")), "mtl:backend");
        assertThat(line).startsWith("internal error: java.lang.NoClassDefFoundError: org/x/Y (stack trace in ").endsWith("covid-mtl.log)");
    }

    @Test
    void theDistributionClassPathIsCopiedAndCheckedExactly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws IOException {
        java.nio.file.Path a = java.nio.file.Files.writeString(tmp.resolve("a-1.jar"), "a");
        java.nio.file.Path b = java.nio.file.Files.writeString(tmp.resolve("b-2.jar"), "b");
        java.nio.file.Path launcher = java.nio.file.Files.writeString(tmp.resolve("launcher.jar"), "l");
        java.nio.file.Path cp = java.nio.file.Files.writeString(tmp.resolve("cp.txt"), a + java.io.File.pathSeparator + b);
        java.nio.file.Path lib = tmp.resolve("lib");
        java.nio.file.Files.createDirectories(lib);
        java.nio.file.Files.writeString(lib.resolve("stale-0.jar"), "s");
        java.nio.file.Files.writeString(lib.resolve("a-1.jar"), "old");
        var expected = DistributionClassPath.expected(cp, launcher);
        assertThat(DistributionClassPath.differences(expected, lib)).containsExactlyInAnyOrder("extra: stale-0.jar",
                "differs from " + a + ": a-1.jar", "missing: b-2.jar", "missing: launcher.jar");
        DistributionClassPath.sync(expected, lib);
        assertThat(DistributionClassPath.differences(expected, lib)).isEmpty();
        assertThat(lib.resolve("a-1.jar")).hasContent("a");
    }
}
