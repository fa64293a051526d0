package org.covidmtl.experiment;

import java.io.IOException;
import java.nio.file.Path;

import org.covidmtl.api.stage.StageException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON files of the experiments (experiment files, {@code provenance.json}), read and written with Jackson.
 * Values are plain Java: objects are {@link java.util.LinkedHashMap}s (member order kept), arrays lists, integers
 * {@link Long}s, other numbers {@link Double}s, and strings, booleans, {@code null}. A duplicate member or text
 * after the value is an error, as is anything that is not JSON.
 */
public final class JsonFiles {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Two-space indentation, one value per line, {@code "name": value}. */
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private JsonFiles() {
    }

    /**
     * The value a JSON file holds.
     *
     * @throws StageException naming the file, and the line and column of malformed JSON
     */
    public static Object read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), Object.class);
        } catch (JsonProcessingException e) {
            throw new StageException(file + where(e.getLocation()), "not valid JSON: " + oneLine(e.getOriginalMessage()),
                    e);
        } catch (IOException e) {
            throw new StageException(file.toString(), "unreadable: " + oneLine(e.getMessage()), e);
        }
    }

    /** Pretty-printed JSON of maps, lists, strings, numbers, booleans and nulls, ending with a line break. */
    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + oneLine(e.getOriginalMessage()), e);
        }
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr() + " column " + at.getColumnNr();
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }
}
