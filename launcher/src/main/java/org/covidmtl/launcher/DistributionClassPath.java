package org.covidmtl.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Build step of the runtime distribution: makes {@code lib/} exactly the launcher jar plus the launcher's
 * resolved runtime class path ({@code launcher/target/runtime-classpath.txt}, the same list the system
 * packages are computed from), then checks it. One source of truth: Maven's dependency mediation in the
 * runtime module can no longer drop or swap a jar the launcher was built against (it once dropped
 * commons-math3, commons-io, commons-codec and animal-sniffer, and ND4J failed at the first training).
 *
 * <p>Arguments: {@code <runtime-classpath.txt> <launcher.jar> <lib folder>}. Exits non-zero, failing the
 * build, when {@code lib/} differs from the class path after the copy.
 */
public final class DistributionClassPath {

    private DistributionClassPath() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: DistributionClassPath <runtime-classpath.txt> <launcher.jar> <lib folder>");
        }
        Map<String, Path> expected = expected(Path.of(args[0]), Path.of(args[1]));
        Path lib = Path.of(args[2]);
        sync(expected, lib);
        List<String> differences = differences(expected, lib);
        if (!differences.isEmpty()) {
            System.err.println("[distribution] " + lib + " is not the launcher's class path:");
            differences.forEach(d -> System.err.println("  " + d));
            System.exit(1);
        }
        System.out.println("[distribution] " + lib + ": the launcher and its " + (expected.size() - 1)
                + " class-path jars, checked");
    }

    /** File name in {@code lib/} → source jar: the launcher jar and every jar of the class-path file. */
    static Map<String, Path> expected(Path classPathFile, Path launcherJar) throws IOException {
        Map<String, Path> expected = new TreeMap<>();
        List<Path> jars = new ArrayList<>(SystemPackages.classPath(classPathFile));
        jars.add(launcherJar);
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException("class-path jar missing: " + jar);
            }
            Path previous = expected.put(jar.getFileName().toString(), jar);
            if (previous != null && !previous.equals(jar)) {
                throw new IOException("two class-path jars share the file name " + jar.getFileName() + ": " + previous + ", " + jar);
            }
        }
        return expected;
    }

    /** Copies what is missing or changed, removes what is not on the class path. */
    static void sync(Map<String, Path> expected, Path lib) throws IOException {
        Files.createDirectories(lib);
        for (Path present : list(lib)) {
            if (!expected.containsKey(present.getFileName().toString())) {
                Files.delete(present);
            }
        }
        for (Map.Entry<String, Path> e : expected.entrySet()) {
            Path target = lib.resolve(e.getKey());
            if (!Files.isRegularFile(target) || Files.mismatch(target, e.getValue()) != -1) {
                Files.copy(e.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Every way in which {@code lib/} differs from the expected jars (missing, extra, different content). */
    static List<String> differences(Map<String, Path> expected, Path lib) throws IOException {
        List<String> differences = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (Path p : list(lib)) {
            String name = p.getFileName().toString();
            present.add(name);
            Path source = expected.get(name);
            if (source == null) {
                differences.add("extra: " + name);
            } else if (Files.mismatch(p, source) != -1) {
                differences.add("differs from " + source + ": " + name);
            }
        }
        expected.keySet().stream().filter(n -> !present.contains(n)).forEach(n -> differences.add("missing: " + n));
        return differences;
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
