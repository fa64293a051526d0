package org.covidmtl.cohort;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only cohort data: {@code covidmtl.shared}, else a {@code shared/} folder beside an ancestor. */
final class SharedData {
    private SharedData() {
    }

    static Path covidMtl() {
        String prop = System.getProperty("covidmtl.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "data", "covid-mtl"))) {
            return Path.of(prop, "data", "covid-mtl");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared").resolve("data").resolve("covid-mtl");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        throw new IllegalStateException("no shared/data/covid-mtl (set -Dcovidmtl.shared)");
    }
}
