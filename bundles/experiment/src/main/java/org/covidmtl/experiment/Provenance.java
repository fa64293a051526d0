package org.covidmtl.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Facts for provenance.json: versions, the git commit, checksums of the data files. */
public final class Provenance {
    private Provenance() {
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
        for (String k : List.of("platform", "xchart", "commons-math3", "commons-csv")) {
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
