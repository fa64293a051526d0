package org.covidmtl.experiment;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates shared/ for tests and exposes it as {@code covidmtl.shared} (the experiment files refer to it). */
final class TestData {
    private TestData() {
    }

    static Path shared() {
        String prop = System.getProperty("covidmtl.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "data", "covid-mtl"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/data/covid-mtl"))) {
                return p.resolve("shared");
            }
        }
        throw new IllegalStateException("no shared/data/covid-mtl");
    }

    static void ensureSharedProperty() {
        System.setProperty("covidmtl.shared", shared().toString());
    }
}
