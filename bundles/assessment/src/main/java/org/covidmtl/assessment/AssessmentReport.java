package org.covidmtl.assessment;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.api.volume.VolumeWriter;
import org.covidmtl.segmentation.io.OverlayImage;

/** The files of an assessment's output folder. */
public final class AssessmentReport {
    /** Said in the report and in assessment.json. */
    public static final String DISCLAIMER = "Research tool, not a diagnosis: these are the outputs of a model trained "
            + "on one published cohort, not a clinical finding; they must not be used for the care of a patient.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AssessmentReport() {
    }

    /** {@code features.csv} (PID + the feature columns, as radiomics.csv), the lung mask and the overlay PNG. */
    static void writeFiles(Path dir, String study, FeatureResult fr, Volume ct, SegmentationResult sr,
            String segmenter, List<Provider<VolumeWriter>> writers, List<Assessment.Warning> warnings)
            throws IOException {
        StringBuilder sb = new StringBuilder("PID");
        for (String n : fr.features().names()) {
            sb.append(',').append(csv(n));
        }
        sb.append('\n').append(csv(study));
        for (double v : fr.features().values()) {
            sb.append(',').append(v);
        }
        sb.append('\n');
        Files.writeString(dir.resolve(AssessmentTool.FEATURES), sb, StandardCharsets.UTF_8);

        VolumeWriter writer = null;
        for (Provider<VolumeWriter> w : writers) {
            if (w.service().extensions().stream().anyMatch(e -> AssessmentTool.MASK.endsWith(e))) {
                writer = w.service();
                break;
            }
        }
        if (writer == null) {
            warnings.add(new Assessment.Warning("write", "no volume writer for .nii.gz is registered: the lung mask "
                    + "was not written"));
        } else {
            writer.write(sr.mask(), dir.resolve(AssessmentTool.MASK), Progress.none());
        }

        int k = OverlayImage.fullestSlice(sr.mask());
        BufferedImage img = OverlayImage.render(ct, List.of(sr.mask()), List.of("lungs (" + segmenter + ")"), k);
        OverlayImage.writePng(img, dir.resolve(AssessmentTool.OVERLAY));
    }

    static void writeJson(Path file, Assessment a, LoadedVolume lv, SegmentationResult sr, PaperVolume.Prepared prep,
            FeatureResult fr, LoadedModel model, AssessmentConfig config) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("study", a.study());
        root.put("assessed", Instant.now().toString());
        root.put("tool", ordered("name", "org.covidmtl.assessment", "version", config.version()));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("path", a.input().toAbsolutePath().normalize().toString());
        input.put("reader", a.stages().get(0).provider());
        input.put("description", lv.description());
        input.put("geometry", geometry(lv.volume().geometry()));
        input.put("metadata", new java.util.TreeMap<>(lv.metadata()));
        root.put("input", input);

        List<Object> stages = new ArrayList<>();
        for (Assessment.StageRun s : a.stages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", s.stage());
            m.put("provider", s.provider());
            m.put("version", s.version());
            m.put("description", s.description());
            m.put("seconds", round(s.seconds()));
            stages.add(m);
        }
        root.put("stages", stages);
        Map<String, Object> timings = new LinkedHashMap<>();
        a.timings().forEach((k, v) -> timings.put(k, round(v)));
        root.put("timings", timings);

        Map<String, Object> seg = new LinkedHashMap<>();
        seg.put("description", sr.description());
        List<Object> regions = new ArrayList<>();
        for (SegmentationResult.Region r : sr.regions()) {
            regions.add(ordered("label", r.label(), "name", r.name(), "voxels", r.voxels(), "volumeMl",
                    round(r.volumeMl())));
        }
        seg.put("regions", regions);
        seg.put("grid", geometry(sr.mask().geometry()));
        seg.put("paperCrop", ordered("size", prep.image().geometry().size(), "maskVoxels", prep.maskVoxels(),
                "lungVoxelsBeforeCrop", prep.lungVoxels()));
        root.put("segmentation", seg);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.model().name());
        m.put("version", a.model().version());
        m.put("artifact", a.model().artifact());
        m.put("default", a.model().isDefault());
        m.put("trainingData", a.model().trainingData());
        m.put("created", a.model().created());
        m.put("seed", a.model().seed());
        m.put("parameters", model.manifest().parameters());
        m.put("features", model.manifest().schema().features().size());
        root.put("model", m);

        List<Object> preds = new ArrayList<>();
        for (Assessment.TaskPrediction p : a.predictions()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("task", p.task());
            t.put("description", p.description());
            t.put("classes", p.classes());
            t.put("probabilities", p.probabilities());
            t.put("predictedClass", p.predicted());
            t.put("predictedLabel", p.predictedClass());
            t.put("confidence", p.confidence());
            if (p.calibrated() != null) {
                t.put("calibrated", ordered("confidence", round(p.calibrated().confidence()), "predictionSet90",
                        p.predictionSetNames(), "heldOutAccuracy", round(p.calibrated().heldOutAccuracy()),
                        "heldOutStudies", p.calibrated().heldOut()));
            }
            preds.add(t);
        }
        root.put("predictions", preds);
        if (a.calibration() != null) {
            root.put("calibration", ordered("heldOut", a.calibration(), "confidence", "isotonic regression of "
                    + "'predicted class right' on the model's probability of it, over the held-out predictions",
                    "predictionSet90", "split conformal (least ambiguous set-valued classifier): the classes c with "
                    + "1 - p(c) <= the ceil((n+1)*0.9)-th smallest 1 - p(true class) of the held-out studies; it holds "
                    + "the true class with probability >= 90 % for a study like the held-out ones"));
            root.put("confidenceNote", "confidence is the model's probability of the predicted class; calibrated."
                    + "confidence and calibrated.predictionSet90 are calibrated on the model's held-out predictions "
                    + "(see calibration), which come from the training cohort: they hold for studies like those, not "
                    + "for other scanners or hospitals");
        } else {
            root.put("confidenceNote", "confidence is the model's probability of the predicted class; the model has "
                    + "no held-out predictions, so it is not calibrated, and not on data from other scanners or "
                    + "hospitals either");
        }
        if (!a.cams().isEmpty()) {
            List<Object> cams = new ArrayList<>();
            for (Assessment.CamFile c : a.cams()) {
                cams.add(ordered("task", c.task(), "class", c.classIndex(), "label", c.className(), "file", c.file(),
                        "cells", c.cells(), "maxActivation", round(c.maxActivation())));
            }
            root.put("classActivationMaps", cams);
        }
        List<Object> ws = new ArrayList<>();
        for (Assessment.Warning w : a.warnings()) {
            ws.add(ordered("stage", w.stage(), "message", w.message()));
        }
        root.put("warnings", ws);
        root.put("features", ordered("file", AssessmentTool.FEATURES, "count", fr.features().size(), "settings",
                String.valueOf(config.radiomicsParams()), "extractorDiagnostics", fr.diagnostics()));
        root.put("disclaimer", DISCLAIMER);
        Files.write(file, JSON.writeValueAsBytes(root));
    }

    static void writeHtml(Path file, Assessment a) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Assessment of ")
                .append(esc(a.study())).append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left}"
                        + ".note{background:#fff3cd;border:1px solid #e0c060;padding:.6em}</style></head><body>\n");
        h.append("<h1>Assessment of ").append(esc(a.study())).append("</h1>\n");
        h.append("<p class=\"note\"><strong>").append(esc(DISCLAIMER)).append("</strong></p>\n");
        h.append("<p>Input: <code>").append(esc(a.input().toAbsolutePath().normalize().toString())).append("</code><br>")
                .append("Model: ").append(esc(a.model().name() + " " + a.model().version()))
                .append(a.model().isDefault() ? " (default model)" : "").append(", trained on ")
                .append(esc(String.valueOf(a.model().trainingData()))).append("</p>\n");
        boolean calibrated = a.calibration() != null;
        h.append("<h2>Predictions</h2>\n<table><tr><th>task</th><th>predicted</th><th>probability</th>")
                .append(calibrated ? "<th>calibrated confidence</th><th>90 % prediction set</th>" : "")
                .append("<th>all classes</th></tr>\n");
        for (Assessment.TaskPrediction p : a.predictions()) {
            List<String> all = new ArrayList<>();
            for (int c = 0; c < p.classes().size(); c++) {
                all.add(String.format(Locale.ROOT, "%s %.3f", p.classes().get(c), p.probabilities()[c]));
            }
            h.append("<tr><td>").append(esc(p.task())).append("<br><small>").append(esc(p.description()))
                    .append("</small></td><td>").append(esc(p.predictedClass())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.3f", p.confidence())).append("</td><td>");
            if (calibrated) {
                if (p.calibrated() == null) {
                    h.append("–</td><td>–</td><td>");
                } else {
                    List<String> set = p.predictionSetNames();
                    h.append(String.format(Locale.ROOT, "%.3f", p.calibrated().confidence())).append("</td><td>")
                            .append(set.isEmpty() ? "none (an unusual study for this model)"
                                    : esc("{" + String.join(", ", set) + "}")).append("</td><td>");
                }
            }
            h.append(esc(String.join(", ", all))).append("</td></tr>\n");
        }
        h.append("</table>\n<p><small>").append(calibrated ? esc("Calibrated on the model's held-out predictions ("
                + a.calibration() + "): the confidence is the held-out rate of right answers at this probability "
                + "(isotonic regression), the 90 % set holds the true class for at least 90 % of studies like the "
                + "held-out ones (split conformal). Neither is calibrated for other scanners or hospitals.")
                : "The probability is the model's own, not calibrated (the model has no held-out predictions), and "
                        + "not for other scanners or hospitals.").append("</small></p>\n");
        h.append("<h2>Warnings</h2>\n");
        if (a.warnings().isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<ul>\n");
            for (Assessment.Warning w : a.warnings()) {
                h.append("<li>").append(esc(w.stage())).append(": ").append(esc(w.message())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<h2>Lungs</h2>\n<p><img src=\"").append(AssessmentTool.OVERLAY)
                .append("\" alt=\"lung contours on the axial slice with most lung\"></p>\n");
        if (!a.cams().isEmpty()) {
            h.append("<h2>Class activation maps</h2>\n<p>Where in the lungs the model's evidence for the predicted class "
                    + "lies (its last convolutional layer, weighted for the class; axial slices, radiological view).</p>\n");
            for (Assessment.CamFile c : a.cams()) {
                h.append("<p><img src=\"").append(esc(c.file())).append("\" alt=\"class activation map of ")
                        .append(esc(c.task() + " " + c.className())).append("\"></p>\n");
            }
        }
        h.append("<h2>Stages and timings</h2>\n<table><tr><th>stage</th><th>provider</th><th>version</th>"
                + "<th>seconds</th><th>what</th></tr>\n");
        for (Assessment.StageRun s : a.stages()) {
            h.append("<tr><td>").append(esc(s.stage())).append("</td><td>").append(esc(s.provider())).append("</td><td>")
                    .append(esc(s.version())).append("</td><td>").append(String.format(Locale.ROOT, "%.2f", s.seconds()))
                    .append("</td><td>").append(esc(s.description())).append("</td></tr>\n");
        }
        h.append("</table>\n<p>").append(esc(a.timingLine())).append("</p>\n</body></html>\n");
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> geometry(VolumeGeometry g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", g.size());
        m.put("spacing", g.spacing());
        m.put("origin", g.origin());
        return m;
    }

    /** A map in the order of its key–value pairs. */
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
