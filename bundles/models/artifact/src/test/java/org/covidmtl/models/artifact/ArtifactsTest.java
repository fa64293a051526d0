package org.covidmtl.models.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelDescriptor;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.VolumeSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsTest {
    static final ModelDescriptor FNN = new ModelDescriptor("fnn-mtl", "1.2.0", EnumSet.of(ModelInput.FEATURES), true, "x");

    static ArtifactManifest manifest(String model, String version, VolumeSchema v) {
        ModelSchema s = new ModelSchema(model, version, List.of(Task.COVID_CT, Task.SEVERITY), List.of("a", "b"),
                List.of("age"), v);
        return new ArtifactManifest(s, Map.of("epochs", "3"), 7, "random-weighted", "train, 2 studies", "2026-12-02T00:00:00Z",
                Map.of("java", "17"), Map.of());
    }

    @Test
    void writesReadsAndChecksEveryField(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("model");
        Artifacts.write(a, manifest("fnn-mtl", "1.1.0", VolumeSchema.paper(200, 250, 250)),
                dir -> Files.writeString(dir.resolve("weights.bin"), "w1"));
        ArtifactManifest m = Artifacts.open(a, FNN);
        assertEquals(List.of(Task.COVID_CT, Task.SEVERITY), m.schema().tasks());
        assertEquals(List.of("a", "b"), m.schema().features());
        assertEquals(List.of("age"), m.schema().attributes());
        assertEquals(VolumeSchema.paper(200, 250, 250), m.schema().volume());
        assertEquals("random-weighted", m.loss());
        assertEquals(7, m.seed());
        assertEquals("3", m.parameters().get("epochs"));
        assertEquals(Map.of("weights.bin", Artifacts.sha256(a.resolve("weights.bin"))), m.files());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(a), s.toList(), "no .part folder left beside the artifact");
        }
    }

    @Test
    void replacesAnExistingArtifactOnlyWhenTheNewOneIsComplete(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("model");
        Artifacts.write(a, manifest("fnn-mtl", "1.0.0", null), dir -> Files.writeString(dir.resolve("w"), "old"));
        ModelArtifactException e = assertThrows(ModelArtifactException.class, () -> Artifacts.write(a,
                manifest("fnn-mtl", "1.0.0", null), dir -> {
                    Files.writeString(dir.resolve("w"), "half");
                    throw new IOException("No space left on device");
                }));
        assertTrue(e.getMessage().contains(a.toString()) && e.getMessage().contains("No space left"), e.getMessage());
        assertEquals("old", Files.readString(a.resolve("w")));
        Artifacts.open(a, FNN);
        Artifacts.write(a, manifest("fnn-mtl", "1.0.0", null), dir -> Files.writeString(dir.resolve("w"), "new"));
        assertEquals("new", Files.readString(a.resolve("w")));
        assertNull(Artifacts.open(a, FNN).schema().volume());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void refusesAnotherModelANewerVersionAndDamagedOrMissingFiles(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("rf");
        Artifacts.write(a, manifest("random-forest", "1.0.0", null), dir -> Files.writeString(dir.resolve("w"), "x"));
        String m = assertThrows(ModelArtifactException.class, () -> Artifacts.open(a, FNN)).getMessage();
        assertTrue(m.contains("is a random-forest model, not fnn-mtl"), m);

        Path b = tmp.resolve("newer");
        Artifacts.write(b, manifest("fnn-mtl", "1.3.0", null), dir -> Files.writeString(dir.resolve("w"), "x"));
        m = assertThrows(ModelArtifactException.class, () -> Artifacts.open(b, FNN)).getMessage();
        assertTrue(m.contains("fnn-mtl 1.3.0") && m.contains("cannot load"), m);
        Path c = tmp.resolve("major");
        Artifacts.write(c, manifest("fnn-mtl", "2.0.0", null), dir -> Files.writeString(dir.resolve("w"), "x"));
        assertThrows(ModelArtifactException.class, () -> Artifacts.open(c, FNN));

        Path d = tmp.resolve("damaged");
        Artifacts.write(d, manifest("fnn-mtl", "1.0.0", null), dir -> Files.writeString(dir.resolve("w"), "x"));
        Files.writeString(d.resolve("w"), "y");
        m = assertThrows(ModelArtifactException.class, () -> Artifacts.open(d, FNN)).getMessage();
        assertTrue(m.startsWith(d.resolve("w").toString()) && m.contains("damaged"), m);
        Files.delete(d.resolve("w"));
        m = assertThrows(ModelArtifactException.class, () -> Artifacts.open(d, FNN)).getMessage();
        assertTrue(m.contains("missing from the artifact"), m);
    }

    @Test
    void namesWhatIsWrongWithAFolderThatIsNoArtifact(@TempDir Path tmp) throws IOException {
        String m = assertThrows(ModelArtifactException.class, () -> Artifacts.read(tmp.resolve("nope"))).getMessage();
        assertTrue(m.contains("no such model artifact"), m);
        m = assertThrows(ModelArtifactException.class, () -> Artifacts.read(tmp)).getMessage();
        assertTrue(m.contains("model.json") && m.contains("missing"), m);
        Files.writeString(tmp.resolve("model.json"), "{\"format\": 1, \"model\": \"x\"}");
        m = assertThrows(ModelArtifactException.class, () -> Artifacts.read(tmp)).getMessage();
        assertTrue(m.contains("field tasks missing"), m);
        Files.writeString(tmp.resolve("model.json"), "{\"format\": 9}");
        m = assertThrows(ModelArtifactException.class, () -> Artifacts.read(tmp)).getMessage();
        assertTrue(m.contains("artifact format 9"), m);
        Files.writeString(tmp.resolve("model.json"), "{not json");
        assertFalse(assertThrows(ModelArtifactException.class, () -> Artifacts.read(tmp)).getMessage().isBlank());
    }
}
