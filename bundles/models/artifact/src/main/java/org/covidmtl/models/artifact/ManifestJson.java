package org.covidmtl.models.artifact;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.VolumeSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@link ArtifactManifest} ↔ JSON, field by field (no reflection on the API's records). */
final class ManifestJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    static byte[] write(ArtifactManifest m) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", ArtifactManifest.FORMAT);
        ModelSchema s = m.schema();
        root.put("model", s.model());
        root.put("version", s.version());
        ArrayNode tasks = root.putArray("tasks");
        for (Task t : s.tasks()) {
            tasks.addObject().put("name", t.name()).put("classes", t.classes()).put("description", t.description());
        }
        s.features().forEach(root.putArray("features")::add);
        s.attributes().forEach(root.putArray("attributes")::add);
        VolumeSchema v = s.volume();
        if (v != null) {
            root.putObject("volume").put("depth", v.depth()).put("height", v.height()).put("width", v.width())
                    .put("spacingMm", v.spacingMm()).put("offset", v.offset()).put("clipMax", v.clipMax())
                    .put("mean", v.mean()).put("std", v.std()).put("masked", v.masked());
        }
        ObjectNode p = root.putObject("parameters");
        m.parameters().forEach(p::put);
        root.put("seed", m.seed());
        if (m.loss() != null) {
            root.put("loss", m.loss());
        }
        root.put("trainingData", m.trainingData());
        root.put("created", m.created());
        ObjectNode prov = root.putObject("provenance");
        m.provenance().forEach(prov::put);
        ObjectNode files = root.putObject("files");
        m.files().forEach(files::put);
        return JSON.writeValueAsBytes(root);
    }

    /** Parses; a missing or mistyped field is an {@link IllegalArgumentException} naming it. */
    static ArtifactManifest read(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int format = integer(root, "format");
        if (format > ArtifactManifest.FORMAT || format < 1) {
            throw new IllegalArgumentException("artifact format " + format + " (this platform reads format "
                    + ArtifactManifest.FORMAT + ")");
        }
        List<Task> tasks = new ArrayList<>();
        for (JsonNode t : array(root, "tasks")) {
            tasks.add(new Task(text(t, "name"), integer(t, "classes"), t.path("description").asText("")));
        }
        VolumeSchema volume = null;
        JsonNode v = root.get("volume");
        if (v != null && !v.isNull()) {
            volume = new VolumeSchema(integer(v, "depth"), integer(v, "height"), integer(v, "width"),
                    number(v, "spacingMm"), number(v, "offset"), number(v, "clipMax"), number(v, "mean"),
                    number(v, "std"), v.path("masked").asBoolean(true));
        }
        ModelSchema schema = new ModelSchema(text(root, "model"), text(root, "version"), tasks,
                strings(root, "features"), strings(root, "attributes"), volume);
        JsonNode lossNode = root.get("loss");
        return new ArtifactManifest(schema, map(root, "parameters"), root.path("seed").asLong(0),
                lossNode == null || lossNode.isNull() ? null : lossNode.asText(), root.path("trainingData").asText(""),
                root.path("created").asText(""), map(root, "provenance"), map(root, "files"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode f = n.get(field);
        if (f == null || !f.isTextual() || f.asText().isBlank()) {
            throw new IllegalArgumentException("field " + field + " missing or not a text");
        }
        return f.asText();
    }

    private static int integer(JsonNode n, String field) {
        JsonNode f = n.get(field);
        if (f == null || !f.canConvertToInt() || !f.isIntegralNumber()) {
            throw new IllegalArgumentException("field " + field + " missing or not an integer");
        }
        return f.asInt();
    }

    private static double number(JsonNode n, String field) {
        JsonNode f = n.get(field);
        if (f == null || !f.isNumber()) {
            throw new IllegalArgumentException("field " + field + " missing or not a number");
        }
        return f.asDouble();
    }

    private static JsonNode array(JsonNode n, String field) {
        JsonNode f = n.get(field);
        if (f == null || !f.isArray()) {
            throw new IllegalArgumentException("field " + field + " missing or not an array");
        }
        return f;
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) {
            return out;
        }
        if (!f.isArray()) {
            throw new IllegalArgumentException("field " + field + " is not an array");
        }
        f.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static Map<String, String> map(JsonNode n, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) {
            return out;
        }
        if (!f.isObject()) {
            throw new IllegalArgumentException("field " + field + " is not an object");
        }
        f.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
