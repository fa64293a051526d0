package org.covidmtl.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** provenance.json: versions, the git commit, checksums of the data files, the providers, every training. */
public final class Provenance {
    private Provenance() {
    }

    /** The content of provenance.json for a finished experiment. */
    static Map<String, Object> of(ExperimentSpec spec, ExperimentRunner.Inputs in, List<Trained> trained,
            Instant started, Instant finished) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("experiment", spec.name());
        p.put("file", spec.file().toAbsolutePath().toString());
        p.put("started", started.toString());
        p.put("finished", finished.toString());
        p.put("versions", buildVersions());
        String commit = gitCommit(spec.file().toAbsolutePath().getParent());
        if (commit.isEmpty()) {
            commit = gitCommit(Path.of(""));
        }
        p.put("gitCommit", commit.isEmpty() ? "unavailable" : commit);
        p.put("processors", Runtime.getRuntime().availableProcessors());
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> files = new LinkedHashMap<>();
        for (Path f : spec.sources().files()) {
            files.put(f.toString(), sha256(f));
        }
        spec.volumes().ifPresent(v -> {
            files.put(v.studies().toString(), sha256(v.studies()));
            if (v.features() != null) {
                files.put(v.features().toString(), sha256(v.features()));
            }
        });
        data.put("sha256", files);
        data.put("scaling", in.data().scaling().label());
        data.put("scalingFittedOn", switch (in.data().scaling()) {
        case TRAIN -> "training split (" + in.data().train().size() + " studies)";
        case REFERENCE -> "all studies (" + in.data().full().size() + "), as the reference implementation";
        case NONE -> "no scaling";
        });
        data.put("studies", Map.of("train", in.data().train().size(), "test", in.data().test().size()));
        data.put("features", in.data().train().featureNames().size());
        p.put("data", data);
        p.put("tasks", spec.tasks());
        Map<String, Object> losses = new LinkedHashMap<>();
        in.losses().forEach((k, v) -> losses.put(k, v.name()));
        p.put("lossStrategies", losses);
        p.put("evaluators", spec.evaluators());
        p.put("comparator", in.comparator() == null ? ExperimentSpec.NO_COMPARATOR : in.comparator().name());
        p.put("bootstrap", Map.of("resamples", spec.bootstrap(), "seed", spec.bootstrapSeed()));
        List<Object> runs = new ArrayList<>();
        for (Trained t : trained) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("configuration", t.configuration());
            r.put("model", t.run().model());
            r.put("loss", t.loss());
            r.put("seed", t.seed());
            r.put("parameters", new TreeMap<>(t.run().parameters()));
            r.put("epochs", t.history().epochs().size());
            r.put("wallSeconds", t.wallSeconds());
            r.put("threads", t.threads().threads());
            r.put("threadsFrom", t.threads().from());
            runs.add(r);
        }
        p.put("runs", runs);
        p.put("settings", spec.raw());
        return p;
    }

    /** Versions the build recorded (platform, embedded and used libraries). */
    public static Map<String, String> buildVersions() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // leave empty
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : List.of("platform", "xchart", "commons-math3", "commons-csv", "jackson-databind",
                "fastexcel-reader")) {
            String v = p.getProperty(k);
            out.put(k, v == null || v.startsWith("${") ? "unknown" : v);
        }
        out.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return out;
    }

    /** SHA-256 of a file, hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /**
     * The commit checked out in the git work tree holding {@code start} (or an ancestor), read from
     * {@code .git/HEAD} and the refs without running git; empty when there is none.
     */
    public static String gitCommit(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            Path git = p.resolve(".git");
            if (Files.isDirectory(git)) {
                try {
                    String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
                    if (!head.startsWith("ref:")) {
                        return head;
                    }
                    String ref = head.substring(4).trim();
                    Path loose = git.resolve(ref);
                    if (Files.isRegularFile(loose)) {
                        return Files.readString(loose, StandardCharsets.UTF_8).trim();
                    }
                    Path packed = git.resolve("packed-refs");
                    if (Files.isRegularFile(packed)) {
                        for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                            if (line.endsWith(" " + ref)) {
                                return line.substring(0, line.indexOf(' '));
                            }
                        }
                    }
                    return "";
                } catch (IOException e) {
                    return "";
                }
            }
        }
        return "";
    }
}
