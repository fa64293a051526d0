package org.covidmtl.models.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.covidmtl.api.stage.StageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    private static final Path PARITY = Path.of(System.getProperty("covidmtl.shared",
            Path.of("").toAbsolutePath().resolve("../../../../shared").normalize().toString()), "data/parity");

    /** A real tensor written by NumPy (the PyTorch fixture's radiomic input) reads with its shape and values. */
    @Test
    void readsNumpysOwnFileAndWritesWhatItReads(@TempDir Path tmp) {
        Npy.Tensor t = Npy.read(PARITY.resolve("covid_mtl_volume_radio/input_radio.npy"));
        assertArrayEquals(new long[] {2, 375}, t.shape());
        for (float v : t.data()) {
            assertTrue(v >= 0 && v < 1, "U[0,1) values, got " + v); // the README: input_radio = rng.random
        }
        Path copy = tmp.resolve("copy.npy");
        Npy.write(copy, t.shape(), t.data());
        Npy.Tensor back = Npy.read(copy);
        assertArrayEquals(t.shape(), back.shape());
        assertArrayEquals(t.data(), back.data());
    }

    @Test
    void refusesOtherFilesNamingThem(@TempDir Path tmp) throws IOException {
        Path text = tmp.resolve("weights.npy");
        Files.writeString(text, "not numpy at all");
        StageException e = assertThrows(StageException.class, () -> Npy.read(text));
        assertTrue(e.getMessage().startsWith(text.toString()) && e.getMessage().contains("magic"), e.getMessage());
        Path f = tmp.resolve("short.npy");
        Npy.write(f, new long[] {4}, new float[] {1, 2, 3, 4});
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 4));
        e = assertThrows(StageException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("needs 16"), e.getMessage());
    }
}
