package org.covidmtl.radiomics;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.features.NameStyle;
import org.covidmtl.api.features.Provenance;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;

/**
 * The plain-Java core of {@code radiomics:extract} and {@code radiomics:batch}: settings from a parameter
 * file and options, image and mask through the volume readers, one CSV row per case (feature columns, then
 * {@code diagnostics_*} provenance columns), written atomically.
 */
public final class RadiomicsTool {
    private final RadiomicsEngine engine;
    private final VolumeInputs inputs;

    public RadiomicsTool(RadiomicsEngine engine, VolumeInputs inputs) {
        this.engine = engine;
        this.inputs = inputs;
    }

    /** Outcome of a batch: cases extracted, and one line per failed case. */
    public record BatchResult(int extracted, List<String> failures) {
    }

    /** PyRadiomics' defaults ({@code config/radiomics/pyradiomics-default.yaml}): original image, seven classes. */
    public static ExtractionSettings defaultSettings() {
        return ExtractionSettings.builder().enable(ImageType.ORIGINAL, FeatureClass.FIRSTORDER, FeatureClass.SHAPE,
                FeatureClass.GLCM, FeatureClass.GLRLM, FeatureClass.GLSZM, FeatureClass.GLDM, FeatureClass.NGTDM).build();
    }

    /**
     * Settings from a parameter file (null: {@link #defaultSettings()}), with the label and name style
     * overridden when given.
     *
     * @param names {@code pyradiomics}, {@code paper} (the COVID-MTL names), {@code ibsi} (IBSI tags) or null to keep the file's
     */
    public ExtractionSettings settings(Path params, Integer label, String names) {
        ExtractionSettings s = params == null ? defaultSettings() : SettingsReader.read(params);
        ExtractionSettings.Builder b = s.toBuilder();
        if (label != null) {
            b.label(label);
        }
        if (names != null && !names.isBlank()) {
            b.nameStyle(switch (names) {
                case "pyradiomics" -> NameStyle.PYRADIOMICS;
                case "paper", "covid-mtl" -> NameStyle.COVID_MTL;
                case "ibsi" -> NameStyle.IBSI;
                default -> throw new InvalidSettingException("--names " + names, "must be pyradiomics, paper or ibsi");
            });
        }
        return b.build();
    }

    /** Extracts one case and writes it as a one-row CSV; returns a one-line summary. */
    public String extract(Path image, Path mask, ExtractionSettings s, String settingsSource, Path out, Progress progress) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Image", image.toString());
        row.put("Mask", mask.toString());
        row.putAll(extractRow(image, mask, s, settingsSource, progress));
        List<String> columns = new ArrayList<>(List.of("Image", "Mask"));
        columns.addAll(engine.featureNames(s));
        FeatureTable.write(out, columns, List.of(row));
        return engine.featureNames(s).size() + " features of " + image + " written to " + out;
    }

    /** The feature and diagnostics cells of one case. */
    public Map<String, String> extractRow(Path image, Path mask, ExtractionSettings s, String settingsSource, Progress progress) {
        Volume v = inputs.image(image, progress);
        Mask m = inputs.mask(mask, progress);
        FeatureResult r = engine.extract(v, m, s, progress);
        Map<String, String> row = new LinkedHashMap<>();
        List<String> names = r.features().names();
        double[] values = r.features().values();
        for (int i = 0; i < names.size(); i++) {
            row.put(names.get(i), Double.toString(values[i]));
        }
        Provenance p = r.provenance();
        row.put("diagnostics_Versions_Extractor", p.extractor() + " " + p.extractorVersion());
        row.put("diagnostics_Configuration_Parameters", settingsSource);
        row.put("diagnostics_Image-original_Hash", p.imageSha256());
        row.put("diagnostics_Mask-original_Hash", p.maskSha256());
        row.put("diagnostics_Image-original_Size", Arrays.toString(p.geometry().size()));
        row.put("diagnostics_Image-original_Spacing", Arrays.toString(p.geometry().spacing()));
        r.diagnostics().forEach((k, val) -> row.put("diagnostics_" + k, val));
        row.put("diagnostics_Warnings", String.join("; ", r.warnings()));
        row.put("diagnostics_Time", p.extractedAt().toString());
        return row;
    }

    /**
     * Extracts every case of a PyRadiomics batch file with {@code jobs} cases at a time. A failed case
     * becomes a row with its one-line error in the {@code error} column; the batch never stops early. The
     * output is written (atomically) before the result is returned.
     */
    public BatchResult batch(Path cases, Path out, ExtractionSettings s, String settingsSource, int jobs, PrintStream log) {
        if (jobs < 1) {
            throw new InvalidSettingException("--jobs " + jobs, "must be at least 1");
        }
        CaseList list = CaseList.read(cases);
        List<String> features = engine.featureNames(s);
        int n = list.rows().size();
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, Math.max(1, n)));
        try {
            List<Future<Map<String, String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Map<String, String> c = list.rows().get(i);
                String label = "case " + (i + 1) + " (" + c.get("Image") + ")";
                futures.add(pool.submit(() -> {
                    Map<String, String> row = new LinkedHashMap<>(c);
                    try {
                        row.putAll(extractRow(list.resolve(c.get("Image")), list.resolve(c.get("Mask")), s, settingsSource,
                                Progress.none()));
                        log.println("[" + done.incrementAndGet() + "/" + n + "] " + label + ": ok");
                    } catch (RuntimeException e) {
                        String error = oneLine(e);
                        row.put("error", error);
                        log.println("[" + done.incrementAndGet() + "/" + n + "] " + label + ": failed: " + error);
                    }
                    return row;
                }));
            }
            for (int i = 0; i < n; i++) {
                Map<String, String> row = futures.get(i).get();
                if (row.containsKey("error")) {
                    failures.add("case " + (i + 1) + " (" + row.get("Image") + "): " + row.get("error"));
                }
                rows.add(row);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageException(cases.toString(), "batch interrupted");
        } catch (ExecutionException e) {
            throw new StageException(cases.toString(), "batch failed: " + oneLine(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<String> columns = new ArrayList<>(list.columns());
        columns.addAll(features);
        FeatureTable.write(out, columns, rows);
        return new BatchResult(n - failures.size(), failures);
    }

    static String oneLine(Throwable e) {
        String m = e instanceof StageException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
