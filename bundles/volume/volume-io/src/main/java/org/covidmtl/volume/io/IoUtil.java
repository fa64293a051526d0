package org.covidmtl.volume.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.VolumeFormatException;

/** File helpers shared by the readers and writers. */
public final class IoUtil {
    private IoUtil() {
    }

    /** Writes the bytes {@code body} produces to a temporary file beside {@code output}, then moves it in place. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes through a hidden temporary file {@code .<name>.<digits>.part} beside {@code output}, then moves it in place
     * (atomically where the file system can); first removes such files a write to the same target left behind when
     * it was interrupted (killed, out of disk space).
     */
    public static void writeAtomically(Path output, Body body) {
        Path abs = output.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
                removeStaleParts(dir, abs.getFileName().toString());
            }
            tmp = Files.createTempFile(dir, partPrefix(abs.getFileName().toString()), ".part");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new StageException(output.toString(), "cannot write: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static String partPrefix(String name) {
        return "." + name + ".";
    }

    /** Deletes the temporary files of earlier, interrupted writes to {@code dir/name} (and only those: digits, then .part). */
    static void removeStaleParts(Path dir, String name) throws IOException {
        String prefix = partPrefix(name);
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix) && n.endsWith(".part") && n.length() > prefix.length() + 5
                        && n.substring(prefix.length(), n.length() - 5).chars().allMatch(Character::isDigit)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Whether the file starts with the gzip magic. */
    public static boolean isGzip(Path p) {
        byte[] h = head(p, 2);
        return h.length == 2 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b;
    }

    /** The first {@code n} bytes of a file (fewer if it is shorter; empty if unreadable). */
    public static byte[] head(Path p, int n) {
        if (!Files.isRegularFile(p)) {
            return new byte[0];
        }
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The first {@code n} bytes after gunzipping when the file is gzip-compressed. */
    public static byte[] headMaybeGz(Path p, int n) {
        if (!isGzip(p)) {
            return head(p, n);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readNBytes(n);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The size of a file, or a typed error naming it. */
    public static long size(String input, Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new VolumeFormatException(input, "cannot read: " + e, e);
        }
    }

    public static String lowerName(Path p) {
        Path f = p.getFileName();
        return f == null ? "" : f.toString().toLowerCase(Locale.ROOT);
    }

    /** Throws when {@code options} holds a key not in {@code known}. */
    public static void checkOptions(Path input, Map<String, String> options, Set<String> known) {
        if (options == null) {
            return;
        }
        for (String k : options.keySet()) {
            if (!known.contains(k)) {
                throw new VolumeFormatException(input.toString(), "unknown reader option '" + k + "' (known: " + known + ")");
            }
        }
    }

    public static void unchecked(IOException e) {
        throw new UncheckedIOException(e);
    }
}
