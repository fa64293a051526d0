package org.covidmtl.assessment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.stage.StageException;

/**
 * An {@code mtl:train} experiment file (JSON) with its study table and optional feature table, read and checked
 * before anything is computed. Every error is one line naming the file (and the line, column or key).
 *
 * @param file the experiment file
 * @param name the run's name ({@code name}, default: the file name without {@code .json})
 * @param model the model factory's name ({@code model})
 * @param loss the loss strategy's name, {@link #DEFAULT_LOSS} for the loss stage's default
 * @param seed the seed of every random draw of the run
 * @param parameters the model's parameters as strings ({@code feature-names} resolved against the file's folder)
 * @param studies every study of the table ({@link StudyTable}), in its order (training and validation)
 * @param validation the ids held out for the validation loss (a subset of the studies)
 * @param prepare how a study's file becomes the model's 1 mm masked volume
 * @param segmenter the segmenter's name for {@link Prepare#SEGMENT}, or null for the stage's default
 * @param transfer transfer learning from a trained artifact ({@code transfer}), or null to train from scratch
 */
public record TrainingExperiment(Path file, String name, String model, String loss, long seed,
        Map<String, String> parameters, List<StudyTable.Entry> studies, Set<String> validation, Prepare prepare,
        String segmenter, Transfer transfer) {

    /**
     * Transfer learning (paper section 5.4): start from a trained model's weights, with new heads for some tasks.
     *
     * @param from the trained model's artifact folder (resolved against the experiment file's folder)
     * @param heads the tasks whose heads are re-initialised and trained
     * @param freeze whether everything else stays as it is (default true)
     */
    public record Transfer(Path from, Set<String> heads, boolean freeze) {
        public Transfer {
            heads = Collections.unmodifiableSet(new LinkedHashSet<>(heads));
        }
    }

    /** The loss name that stands for the loss stage's default ({@code mtl:use loss …}). */
    public static final String DEFAULT_LOSS = "default";
    /** The seed when the file gives none (the paper's split seed). */
    public static final long DEFAULT_SEED = 11;
    /** The tasks every study is labelled for, in this order (the paper's). */
    public static final List<Task> TASKS = StudyTable.TASKS;
    /** Parameters the command sets itself (from {@code --out} and {@code --resume}). */
    public static final Set<String> RESERVED = Set.of("checkpoints", "resume");

    private static final Set<String> KEYS = Set.of("name", "description", "model", "loss", "seed", "parameters",
            "studies", "features", "validation", "prepare", "segmenter", "transfer");

    /** How a study's file becomes the model's input. */
    public enum Prepare {
        /** read → 1 mm → segmenter → the paper's masked, cropped volume (computed once, cached). */
        SEGMENT("segment"),
        /** the file is the prepared 1 mm masked volume already (HU, −1024 outside the lungs). */
        AS_IS("as-is");

        private final String key;

        Prepare(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public TrainingExperiment {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        studies = List.copyOf(studies);
        validation = Collections.unmodifiableSet(new LinkedHashSet<>(validation));
    }

    /** The studies trained on (every study not held out for validation), in the table's order. */
    public List<StudyTable.Entry> training() {
        return studies.stream().filter(e -> !validation.contains(e.id())).toList();
    }

    /** The validation studies, in the table's order. */
    public List<StudyTable.Entry> validationStudies() {
        return studies.stream().filter(e -> validation.contains(e.id())).toList();
    }

    /**
     * Reads and checks an experiment file, its study table and its feature table.
     *
     * @throws StageException naming the file (and key, line or column) on one line
     */
    public static TrainingExperiment read(Path file) {
        String f = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new StageException(f, Files.exists(file) ? "not a file" : "no such experiment file");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new StageException(f, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new StageException(f, "cannot read: " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new StageException(f, "must be a JSON object with \"model\" and \"studies\"");
        }
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new StageException(f, "unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
        Path base = file.toAbsolutePath().normalize().getParent();
        String fileName = file.getFileName().toString();
        String name = text(root, "name", f, fileName.toLowerCase(Locale.ROOT).endsWith(".json")
                ? fileName.substring(0, fileName.length() - 5) : fileName);
        String model = text(root, "model", f, null);
        if (model == null) {
            throw new StageException(f, "\"model\" is missing (the model factory's name, e.g. covid-mtl)");
        }
        String loss = text(root, "loss", f, DEFAULT_LOSS);
        long seed = DEFAULT_SEED;
        if (root.has("seed")) {
            JsonNode s = root.get("seed");
            if (!s.canConvertToLong() || !s.isIntegralNumber()) {
                throw new StageException(f + " seed", "must be an integer, is " + s);
            }
            seed = s.asLong();
        }
        Map<String, String> parameters = parameters(root.get("parameters"), f, base);
        String prepareKey = text(root, "prepare", f, Prepare.SEGMENT.key());
        Prepare prepare = null;
        for (Prepare p : Prepare.values()) {
            if (p.key().equals(prepareKey)) {
                prepare = p;
            }
        }
        if (prepare == null) {
            throw new StageException(f + " prepare", "must be \"segment\" or \"as-is\", is \"" + prepareKey + "\"");
        }
        String segmenter = text(root, "segmenter", f, null);
        if (segmenter != null && prepare == Prepare.AS_IS) {
            throw new StageException(f + " segmenter", "only with \"prepare\": \"segment\" (as-is volumes are not "
                    + "segmented)");
        }
        String studiesRel = text(root, "studies", f, null);
        if (studiesRel == null) {
            throw new StageException(f, "\"studies\" is missing (a CSV file: id,volume,covid-ct,covid-nat,severity"
                    + "[,features…])");
        }
        String featuresRel = text(root, "features", f, null);
        List<StudyTable.Entry> studies = StudyTable.read(base.resolve(studiesRel), featuresRel == null ? null
                : base.resolve(featuresRel));
        Set<String> validation = new LinkedHashSet<>();
        JsonNode v = root.get("validation");
        if (v != null && !v.isNull()) {
            if (!v.isArray()) {
                throw new StageException(f + " validation", "must be an array of study ids");
            }
            Set<String> ids = new java.util.HashSet<>();
            studies.forEach(e -> ids.add(e.id()));
            for (JsonNode id : v) {
                if (!id.isTextual() && !id.isNumber()) {
                    throw new StageException(f + " validation", "must be an array of study ids, has " + id);
                }
                if (!ids.contains(id.asText())) {
                    throw new StageException(f + " validation", "study " + id.asText() + " is not in "
                            + base.resolve(studiesRel));
                }
                validation.add(id.asText());
            }
            if (validation.size() == studies.size()) {
                throw new StageException(f + " validation", "holds out every study: none is left to train on");
            }
        }
        return new TrainingExperiment(file, name, model, loss, seed, parameters, studies, validation, prepare,
                segmenter, transfer(root.get("transfer"), f, base));
    }

    private static Transfer transfer(JsonNode t, String f, Path base) {
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isObject()) {
            throw new StageException(f + " transfer", "must be an object {\"from\": <artifact>, \"heads\": [tasks],"
                    + " \"freeze\": true|false}");
        }
        Set<String> keys = Set.of("from", "heads", "freeze");
        List<String> unknown = new ArrayList<>();
        t.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new StageException(f + " transfer", "unknown key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " (known: freeze, from, heads)");
        }
        String from = text(t, "from", f + " transfer", null);
        if (from == null) {
            throw new StageException(f + " transfer.from", "is missing (the trained model's artifact folder)");
        }
        JsonNode h = t.get("heads");
        Set<String> heads = new LinkedHashSet<>();
        List<String> tasks = TASKS.stream().map(Task::name).toList();
        if (h == null || !h.isArray() || h.isEmpty()) {
            throw new StageException(f + " transfer.heads", "must be a non-empty array of tasks (" + String.join(", ",
                    tasks) + ")");
        }
        for (JsonNode n : h) {
            if (!n.isTextual() || !tasks.contains(n.asText())) {
                throw new StageException(f + " transfer.heads", n + " is not a task (" + String.join(", ", tasks)
                        + ")");
            }
            heads.add(n.asText());
        }
        JsonNode fr = t.get("freeze");
        if (fr != null && !fr.isBoolean()) {
            throw new StageException(f + " transfer.freeze", "must be true or false, is " + fr);
        }
        return new Transfer(base.resolve(from).normalize(), heads, fr == null || fr.asBoolean());
    }

    private static String text(JsonNode root, String key, String f, String fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new StageException(f + " " + key, "must be a non-empty string, is " + n);
        }
        return n.asText().trim();
    }

    private static Map<String, String> parameters(JsonNode p, String f, Path base) {
        Map<String, String> out = new LinkedHashMap<>();
        if (p == null || p.isNull()) {
            return out;
        }
        if (!p.isObject()) {
            throw new StageException(f + " parameters", "must be an object of name: value");
        }
        Iterator<Map.Entry<String, JsonNode>> it = p.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (RESERVED.contains(k)) {
                throw new StageException(f + " parameters." + k, "is set by mtl:train itself (checkpoints go to "
                        + "<out>/checkpoints; --resume continues them)");
            }
            if (!v.isValueNode() || v.isNull()) {
                throw new StageException(f + " parameters." + k, "must be a string, number or boolean, is " + v);
            }
            String value = v.asText();
            if (k.equals("feature-names")) {
                value = base.resolve(value).normalize().toString();
            }
            out.put(k, value);
        }
        return out;
    }

}
