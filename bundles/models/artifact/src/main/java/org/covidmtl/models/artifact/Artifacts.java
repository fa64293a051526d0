package org.covidmtl.models.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelDescriptor;

/** Writes and opens artifact folders. */
public final class Artifacts {

    /** Writes the model's own files into a folder that is not yet the artifact. */
    @FunctionalInterface
    public interface Payload {
        void write(Path folder) throws IOException;
    }

    private Artifacts() {
    }

    /**
     * Writes an artifact: the payload and {@code model.json} (with the SHA-256 of every payload file) into a
     * hidden sibling folder, flushed to disk, then renamed to {@code target}. An artifact already at
     * {@code target} is renamed aside first and deleted once the new one is in place (restored if the rename
     * fails). On any failure the partial folder is removed and {@code target} is as it was.
     *
     * @throws ModelArtifactException naming {@code target} when it cannot be written
     */
    public static void write(Path target, ArtifactManifest manifest, Payload payload) {
        Path dir = target.toAbsolutePath().normalize();
        Path parent = dir.getParent();
        String name = dir.getFileName().toString();
        String tag = ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path part = parent.resolve("." + name + "." + tag + ".part");
        Path old = parent.resolve("." + name + "." + tag + ".old");
        try {
            Files.createDirectories(parent);
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new ModelArtifactException(dir.toString(), "exists and is not a folder; not replaced");
            }
            Files.createDirectory(part);
            payload.write(part);
            if (Files.exists(part.resolve(ArtifactManifest.FILE))) {
                throw new IllegalStateException("a model's payload must not write " + ArtifactManifest.FILE);
            }
            Map<String, String> sums = checksums(part);
            Path json = part.resolve(ArtifactManifest.FILE);
            Files.write(json, ManifestJson.write(manifest.withFiles(sums)), StandardOpenOption.CREATE_NEW);
            sync(part);
            if (Files.exists(dir)) {
                move(dir, old);
                try {
                    move(part, dir);
                } catch (IOException e) {
                    move(old, dir);
                    throw e;
                }
                deleteTree(old);
            } else {
                move(part, dir);
            }
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(part);
            throw new ModelArtifactException(dir.toString(), "cannot write the model artifact: " + message(e), e);
        } catch (RuntimeException e) {
            deleteQuietly(part);
            throw e;
        }
    }

    /**
     * Reads {@code model.json} of an artifact folder without checking the files.
     *
     * @throws ModelArtifactException naming the folder or file: not a folder, no {@code model.json}, not valid
     */
    public static ArtifactManifest read(Path artifact) {
        if (!Files.isDirectory(artifact)) {
            throw new ModelArtifactException(artifact.toString(), Files.exists(artifact)
                    ? "not a model artifact (a trained model is a folder with " + ArtifactManifest.FILE + ")"
                    : "no such model artifact");
        }
        Path json = artifact.resolve(ArtifactManifest.FILE);
        try {
            return ManifestJson.read(Files.readAllBytes(json));
        } catch (NoSuchFileException e) {
            throw new ModelArtifactException(json.toString(), "missing: " + artifact + " is not a model artifact");
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelArtifactException(json.toString(), "not a valid artifact manifest: " + message(e), e);
        }
    }

    /**
     * Reads and checks an artifact for one factory: its model name equals the descriptor's, its version loads
     * into the descriptor's ({@link ModelDescriptor#canLoad}), and every file listed has its checksum.
     *
     * @throws ModelArtifactException naming the file and the difference
     */
    public static ArtifactManifest open(Path artifact, ModelDescriptor expected) {
        ArtifactManifest m = read(artifact);
        Path json = artifact.resolve(ArtifactManifest.FILE);
        if (!m.schema().model().equals(expected.name())) {
            throw new ModelArtifactException(json.toString(), "is a " + m.schema().model() + " model, not "
                    + expected.name());
        }
        if (!expected.canLoad(m.schema().version())) {
            throw new ModelArtifactException(json.toString(), "written by " + m.schema().model() + " "
                    + m.schema().version() + ", which " + expected.name() + " " + expected.version()
                    + " cannot load (same major version and an equal or older minor version needed)");
        }
        for (Map.Entry<String, String> f : m.files().entrySet()) {
            Path file = artifact.resolve(f.getKey()).normalize();
            if (!file.startsWith(artifact.normalize())) {
                throw new ModelArtifactException(json.toString(), "lists a file outside the artifact: " + f.getKey());
            }
            if (!Files.isRegularFile(file)) {
                throw new ModelArtifactException(file.toString(), "missing from the artifact");
            }
            String sum;
            try {
                sum = sha256(file);
            } catch (IOException e) {
                throw new ModelArtifactException(file.toString(), "cannot read: " + message(e), e);
            }
            if (!sum.equals(f.getValue())) {
                throw new ModelArtifactException(file.toString(), "damaged: its SHA-256 is not the one in "
                        + ArtifactManifest.FILE);
            }
        }
        return m;
    }

    /** SHA-256 (hex) of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Map<String, String> checksums(Path folder) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                sums.put(folder.relativize(p).toString().replace('\\', '/'), sha256(p));
            }
        }
        return sums;
    }

    private static void sync(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(folder)) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
                c.force(true);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover hidden .part folder does not harm the target
        }
    }

    /** Removes hidden {@code .<name>.*.part} folders left by an interrupted write of {@code target}. */
    public static void cleanStale(Path target) {
        Path dir = target.toAbsolutePath().normalize();
        String prefix = "." + dir.getFileName() + ".";
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.getParent(), prefix + "*.part")) {
            for (Path p : s) {
                deleteQuietly(p);
            }
        } catch (IOException ignored) {
            // nothing to clean
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
