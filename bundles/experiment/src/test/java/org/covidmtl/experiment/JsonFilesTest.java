package org.covidmtl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.stage.StageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment files and provenance.json through Jackson: plain Java values, one-line typed errors with a location. */
class JsonFilesTest {
    @TempDir
    Path tmp;

    private Path file(String json) throws IOException {
        Path f = tmp.resolve("e.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void readsEveryKindOfValueAsPlainJava() throws IOException {
        Object v = JsonFiles.read(file("{\"a\": [1, -2.5e1, true, false, null], \"s\": \"x\\\"y\\u00e9\\n\", \"o\": {}}"));
        assertThat(v).isEqualTo(Map.of("a", Arrays.asList(1L, -25.0, true, false, null), "s", "x\"yé\n", "o", Map.of()));
        assertThat(List.copyOf(((Map<?, ?>) JsonFiles.read(file("{\"z\": 1, \"a\": 2, \"m\": 3}"))).keySet()))
                .isEqualTo(List.of("z", "a", "m"));
    }

    @Test
    void malformedJsonNamesFileLineAndColumnOnOneLine() throws IOException {
        Path f = file("{\n  \"a\": 1,\n  \"b\" 2\n}");
        assertThatThrownBy(() -> JsonFiles.read(f)).isInstanceOf(StageException.class).satisfies(e -> {
            StageException s = (StageException) e;
            assertThat(s.input()).isEqualTo(f + " line 3 column 7"); // the "2"
            assertThat(s.problem()).startsWith("not valid JSON: ").contains("was expecting a colon");
            assertThat(s.getMessage()).doesNotContain("\n");
        });
        for (String bad : List.of("{\"a\":1,\"a\":2}", "[1,]", "[1] x", "\"abc", "")) {
            Path g = file(bad);
            assertThatThrownBy(() -> JsonFiles.read(g)).as(bad).isInstanceOf(StageException.class)
                    .hasMessageStartingWith(g + " line 1 column ").hasMessageContaining(": not valid JSON: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> JsonFiles.read(file("{\"a\":1,\"a\":2}"))).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> JsonFiles.read(tmp.resolve("missing.json"))).isInstanceOf(StageException.class)
                .hasMessageStartingWith(tmp.resolve("missing.json") + ": unreadable");
    }

    @Test
    void writtenJsonIsIndentedAndReadsBack() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"quoted\"\tname");
        m.put("n", 3L);
        m.put("x", 0.25);
        m.put("list", List.of(1L, "two", Map.of("k", true)));
        m.put("empty", List.of());
        String text = JsonFiles.write(m);
        assertThat(text).startsWith("{\n  \"name\": \"a \\\"quoted\\\"\\tname\",\n  \"n\": 3,\n  \"x\": 0.25,\n"
                + "  \"list\": [\n    1,\n    \"two\",\n").endsWith("  \"empty\": []\n}\n");
        assertThat(JsonFiles.read(file(text))).isEqualTo(m);
    }
}
