package org.covidmtl.models.volume;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.Npy;

/**
 * The per-epoch checkpoints of a volume training run, in one folder:
 * <ul>
 * <li>{@code epoch-NNNN/} (the last complete epoch; written as the hidden {@code .tmp-epoch-NNNN-<nanos>/}, every
 * file flushed to disk, then renamed in one atomic step; the older {@code epoch-*} folders are deleted only after
 * the rename, so a crash or a failed write at any moment leaves the previous checkpoint complete);</li>
 * <li>inside: {@code params.npy} (the graph's flattened parameter vector, BN running statistics included),
 * {@code momentum.npy} (TorchSgd's buffers concatenated in the order of {@code state.properties}' {@code momentum}
 * keys), {@code weighting.txt} (one line per iteration: learning rate and the per-task losses, to replay the loss
 * strategy), {@code state.properties} (epoch, Shift3D counter, history, warnings, fingerprint of the run).</li>
 * </ul>
 * Hidden temporary folders (a killed write) are never read and are removed by the next write.
 */
final class CheckpointStore {

    /** Fault injection for tests: called before each file of a checkpoint is written. */
    interface Hook {
        void beforeWrite(int epoch, String file) throws IOException;
    }

    static final String PARAMS = "params.npy";
    static final String MOMENTUM = "momentum.npy";
    static final String WEIGHTING = "weighting.txt";
    static final String STATE = "state.properties";
    private static final Pattern EPOCH = Pattern.compile("epoch-(\\d{4,})");
    private static final String TMP = ".tmp-epoch-";

    /** What a checkpoint holds (see the class comment). */
    record Content(int epoch, float[] params, List<String> momentumKeys, float[] momentum, List<double[]> replay,
            Properties state) {
    }

    private final Path folder;
    private final Hook hook;

    CheckpointStore(Path folder, Hook hook) {
        this.folder = folder;
        this.hook = hook == null ? (e, f) -> {
        } : hook;
    }

    Path folder() {
        return folder;
    }

    /** Creates the folder if needed; refuses a file, or an earlier run's checkpoints when not resuming. */
    void open(boolean resume) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new StageException(folder.toString(), "checkpoints folder is a file");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StageException(folder.toString(), "cannot create the checkpoints folder: " + e);
        }
        Path latest = latest();
        if (!resume && latest != null) {
            throw new StageException(folder.toString(), "holds the checkpoint " + latest.getFileName()
                    + " of an earlier run: set resume=true to continue it, or give an empty folder");
        }
    }

    /** The complete checkpoint with the highest epoch, or null. */
    Path latest() {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> Files.isDirectory(p) && EPOCH.matcher(p.getFileName().toString()).matches())
                    .max(Comparator.comparingInt(CheckpointStore::epochOf)).orElse(null);
        } catch (IOException e) {
            throw new StageException(folder.toString(), "cannot list the checkpoints: " + e);
        }
    }

    static int epochOf(Path p) {
        Matcher m = EPOCH.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static String name(int epoch) {
        return String.format("epoch-%04d", epoch);
    }

    /**
     * Writes the checkpoint of {@code c.epoch()} atomically, then removes older ones and stale temporary folders.
     *
     * @throws StageException naming the folder when it cannot be written (the previous checkpoint is kept)
     */
    void write(Content c) {
        Path previous = latest();
        Path tmp = folder.resolve(TMP + String.format("%04d", c.epoch()) + "-" + System.nanoTime());
        Path target = folder.resolve(name(c.epoch()));
        try {
            Files.createDirectory(tmp);
            hook.beforeWrite(c.epoch(), PARAMS);
            npy(tmp.resolve(PARAMS), c.params());
            hook.beforeWrite(c.epoch(), MOMENTUM);
            npy(tmp.resolve(MOMENTUM), c.momentum());
            hook.beforeWrite(c.epoch(), WEIGHTING);
            StringBuilder w = new StringBuilder();
            for (double[] row : c.replay()) {
                for (int i = 0; i < row.length; i++) {
                    w.append(i == 0 ? "" : " ").append(row[i]);
                }
                w.append('\n');
            }
            Files.writeString(tmp.resolve(WEIGHTING), w, StandardCharsets.UTF_8);
            force(tmp.resolve(WEIGHTING));
            hook.beforeWrite(c.epoch(), STATE);
            try (OutputStream out = Files.newOutputStream(tmp.resolve(STATE))) {
                c.state().store(out, "covid-mtl training checkpoint");
            }
            force(tmp.resolve(STATE));
            force(tmp);
            if (Files.exists(target)) {
                deleteTree(target); // a checkpoint of the same epoch from an interrupted earlier attempt
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                throw new IOException("cannot rename " + tmp.getFileName() + " to " + target.getFileName() + ": " + e,
                        e);
            }
            force(folder);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(tmp);
            } catch (IOException ignored) {
                // the hidden folder is never read; the next write removes it
            }
            String msg = e instanceof StageException se ? se.problem() : String.valueOf(e.getMessage());
            throw new StageException(folder.toString(), "cannot write the checkpoint of epoch " + c.epoch() + ": "
                    + msg.replace('\n', ' ') + (previous == null ? "" : " (" + previous.getFileName() + " is kept)"),
                    e);
        }
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                int e = epochOf(p);
                if ((e >= 0 && e < c.epoch()) || n.startsWith(TMP)) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // older checkpoints left behind are harmless: the latest is read
        }
    }

    /** Reads a checkpoint folder written by {@link #write}. */
    Content read(Path dir) {
        try {
            Properties state = new Properties();
            try (Reader r = Files.newBufferedReader(dir.resolve(STATE), StandardCharsets.ISO_8859_1)) {
                state.load(r);
            }
            float[] params = Npy.read(dir.resolve(PARAMS)).data();
            float[] momentum = Npy.read(dir.resolve(MOMENTUM)).data();
            List<double[]> replay = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(WEIGHTING), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                double[] row = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    row[i] = Double.parseDouble(f[i]);
                }
                replay.add(row);
            }
            String keys = state.getProperty("momentum", "");
            List<String> momentumKeys = keys.isEmpty() ? List.of() : List.of(keys.split(","));
            return new Content(Integer.parseInt(state.getProperty("epoch")), params, momentumKeys, momentum, replay,
                    state);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StageException se) {
                throw se;
            }
            throw new StageException(dir.toString(), "cannot read the checkpoint: " + e);
        }
    }

    private static void npy(Path file, float[] data) throws IOException {
        Npy.write(file, new long[] {data.length}, data);
        force(file);
    }

    /** fsync of a file or folder (folders: where the platform allows it). */
    private static void force(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException e) {
                // some platforms cannot open a folder for fsync; the rename is still atomic
            }
            return;
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
