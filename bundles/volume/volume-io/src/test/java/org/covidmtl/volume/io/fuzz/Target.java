package org.covidmtl.volume.io.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;

/** One row of the fuzz table: a reader and a kind of input, with real seed files, that makes malformed cases. */
abstract class Target {
    private final String name;
    private final String reader;
    private final int weight;

    /**
     * @param name the row name, e.g. {@code nii.gz}
     * @param reader the reader it exercises: nifti, nrrd, dicom or covid-mtl
     * @param weight its share of its reader's cases, relative to the reader's other targets
     */
    Target(String name, String reader, int weight) {
        this.name = name;
        this.reader = reader;
        this.weight = weight;
    }

    final String name() {
        return name;
    }

    final String reader() {
        return reader;
    }

    final int weight() {
        return weight;
    }

    /**
     * Makes case {@code index} in the empty folder {@code dir}.
     *
     * @param r the case's own random source (a function of the run's seed and the index)
     */
    abstract FuzzCase make(Random r, int index, Path dir) throws IOException;

    /** The shared data folder (system property {@code covidmtl.shared}, else {@code ../../../../shared}). */
    static Path shared(String rel) {
        String p = System.getProperty("covidmtl.shared");
        Path root = p != null && !p.isBlank() && !p.startsWith("${") ? Paths.get(p) : Paths.get("../../../../shared");
        Path f = root.resolve("data").resolve(rel).toAbsolutePath().normalize();
        if (!Files.exists(f)) {
            throw new IllegalStateException("missing seed file " + f);
        }
        return f;
    }

    /** A case whose bytes are written to {@code dir/name}; a bomb in the mutation list means it must fail. */
    static FuzzCase file(Target t, String seed, Path dir, String name, byte[] bytes, List<String> what, java.util.Map<String, String> options)
            throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        boolean bomb = what.stream().anyMatch(w -> w.contains("bomb"));
        return new FuzzCase(t.reader(), t.name(), seed, String.join("; ", what), f, options, bomb);
    }
}
