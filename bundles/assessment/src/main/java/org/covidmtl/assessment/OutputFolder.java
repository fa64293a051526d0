package org.covidmtl.assessment;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.covidmtl.api.stage.StageException;

/**
 * Writes an output folder that appears complete or not at all: everything goes into a hidden {@code .part} sibling,
 * which is renamed into place at the end; a folder already there is renamed aside first and deleted only once the
 * new one is in place (restored if that fails). On any failure the partial folder is removed and the target is as
 * it was.
 */
public final class OutputFolder {
    private OutputFolder() {
    }

    /** Writes the folder's content. */
    @FunctionalInterface
    public interface Body {
        void write(Path folder) throws IOException;
    }

    public static void write(Path target, Body body) {
        Path dir = target.toAbsolutePath().normalize();
        Path parent = dir.getParent();
        String name = dir.getFileName().toString();
        String tag = ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path part = parent.resolve("." + name + "." + tag + ".part");
        Path old = parent.resolve("." + name + "." + tag + ".old");
        boolean done = false;
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new StageException(target.toString(), "exists and is not a folder; not replaced");
            }
            Files.createDirectories(parent);
            Files.createDirectory(part);
            body.write(part);
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
            done = true;
        } catch (IOException e) {
            throw new StageException(target.toString(), "cannot write the output folder: " + e, e);
        } finally {
            if (!done) {
                deleteTree(part);
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

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort: a hidden leftover named .part or .old
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
