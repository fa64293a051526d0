package org.covidmtl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse("{\"a\": [1, -2.5e1, true, false, null], \"s\": \"x\\\"y\\u00e9\\n\", \"o\": {}}");
        assertThat(v).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, -25.0, true, false, null), "s", "x\"yé\n",
                "o", Map.of()));
        assertThat(Json.parse(" [ ] ")).isEqualTo(List.of());
        assertThat(Json.parse("12345678901234567890")).isEqualTo(1.2345678901234567e19);
    }

    @Test
    void errorsNameLineAndColumn() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}")).isInstanceOf(Json.ParseException.class)
                .hasMessageContaining("line 3 column 7").hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate member \"a\"");
        assertThatThrownBy(() -> Json.parse("[1,]")).hasMessageContaining("unexpected character ']'");
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("unexpected text after the value");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
    }

    @Test
    void writtenJsonReadsBack() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", "a \"quoted\"\tname");
        m.put("n", 3L);
        m.put("x", 0.25);
        m.put("nan", Double.NaN);
        m.put("list", List.of(1L, "two", Map.of("k", true)));
        m.put("empty", List.of());
        Object back = Json.parse(Json.write(m));
        m.put("nan", null);
        assertThat(back).isEqualTo(m);
    }
}
