package org.covidmtl.volume.io;

import java.io.BufferedInputStream;
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

    public static void writeAtomically(Path output, Body body) {
        Path abs = output.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            tmp = Files.createTempFile(dir, "." + abs.getFileName().toString(), ".part");
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

    /** Reads a whole file, gunzipping it if it is gzip-compressed. */
    public static byte[] readAllMaybeGz(Path p) {
        try {
            if (isGzip(p)) {
                try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16), 1 << 16)) {
                    return in.readAllBytes();
                }
            }
            return Files.readAllBytes(p);
        } catch (java.io.EOFException e) {
            throw new VolumeFormatException(p.toString(), "truncated gzip stream", e);
        } catch (java.util.zip.ZipException e) {
            throw new VolumeFormatException(p.toString(), "corrupt gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VolumeFormatException(p.toString(), "cannot read: " + e, e);
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
