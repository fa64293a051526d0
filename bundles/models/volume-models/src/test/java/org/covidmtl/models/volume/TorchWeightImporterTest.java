package org.covidmtl.models.volume;

import org.covidmtl.models.artifact.Npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.covidmtl.api.stage.StageException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer refuses a missing, extra or mis-shaped tensor, and the reader a wrong dtype, naming the file. */
class TorchWeightImporterTest {

    private static ComputationGraph graph;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        graph = VolumeRadioGraph.build(VolumeRadioConfig.reference(64, 80).withShift3d(null));
    }

    /** Links every fixture weight into {@code dir} (the fixtures are read in place, never copied). */
    private void linkWeights() throws IOException {
        try (Stream<Path> s = Files.list(Fixtures.MODEL.resolve("weights"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.createSymbolicLink(dir.resolve(p.getFileName()), p);
            }
        }
    }

    @Test
    void everyStateDictKeyHasAParameter() {
        assertEquals(195, TorchWeightImporter.targets(graph).size());
    }

    @Test
    void missingTensorIsRefused() throws IOException {
        linkWeights();
        Files.delete(dir.resolve("classifier2.1.bias.npy"));
        StageException e = assertThrows(StageException.class, () -> TorchWeightImporter.load(graph, dir));
        assertTrue(e.getMessage().contains("classifier2.1.bias.npy: missing tensor classifier2.1.bias"), e.getMessage());
    }

    @Test
    void extraTensorIsRefused() throws IOException {
        linkWeights();
        write(dir.resolve("features.extra.weight.npy"), "<f4", new long[] {2}, new float[] {1, 2});
        StageException e = assertThrows(StageException.class, () -> TorchWeightImporter.load(graph, dir));
        assertTrue(e.getMessage().contains("unexpected tensor features.extra.weight"), e.getMessage());
    }

    @Test
    void misShapedTensorIsRefused() throws IOException {
        linkWeights();
        Path f = dir.resolve("classifier3.1.weight.npy");
        Files.delete(f);
        write(f, "<f4", new long[] {64, 3}, new float[64 * 3]);
        StageException e = assertThrows(StageException.class, () -> TorchWeightImporter.load(graph, dir));
        assertEquals(f + ": tensor classifier3.1.weight has shape [64, 3], expected [3, 64]", e.getMessage());
    }

    @Test
    void wrongDtypeIsRefused() throws IOException {
        Path f = dir.resolve("x.npy");
        write(f, "<f8", new long[] {1}, new float[] {0, 0});
        StageException e = assertThrows(StageException.class, () -> Npy.read(f));
        assertEquals(f + ": dtype <f8 (expected <f4, float32 little endian)", e.getMessage());
    }

    private static void write(Path f, String descr, long[] shape, float[] data) throws IOException {
        StringBuilder s = new StringBuilder();
        for (long d : shape) {
            s.append(d).append(", ");
        }
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + s.toString().trim() + "), }";
        int pad = 64 - (10 + header.length() + 1) % 64;
        header = header + " ".repeat(pad % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : data) {
            b.putFloat(v);
        }
        Files.write(f, b.array());
    }
}
