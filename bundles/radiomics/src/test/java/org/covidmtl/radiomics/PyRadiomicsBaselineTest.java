package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.stage.Progress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every feature of every implemented class against PyRadiomics' own baselines
 * ({@code pyradiomics/data/baseline/baseline_<class>.csv}), settings from each column's
 * {@code diagnostics_Configuration_Settings}, within 1 % relative.
 */
class PyRadiomicsBaselineTest {
    static final double TOLERANCE = 0.01;
    /**
     * Columns whose settings this extractor implements (no PyRadiomics resampling grid, normalisation, 2-D);
     * {@code *_resegmentation}: {@code resegmentMode: sigma}, range [-3, 3].
     */
    static final List<String> COLUMNS = List.of("brain1", "breast1", "brain1_FBN", "breast1_FBN", "brain1_flatRegion",
            "breast1_flatRegion", "brain1_resegmentation", "breast1_resegmentation");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String cls : List.of("firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm")) {
            for (String col : COLUMNS) {
                out.add(Arguments.of(cls, col));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesBaseline(String cls, String column) throws IOException {
        Map<String, String> baseline = column(cls, column);
        if (baseline == null) {
            return; // this class has no such column in PyRadiomics' baselines
        }
        String caseName = column.substring(0, column.indexOf('1') + 1);
        ExtractionSettings s = settings(baseline.get("diagnostics_Configuration_Settings"), FeatureClass.of(cls));
        FeatureResult r = new RadiomicsEngine("radiomics", "test").extract(
                TestData.volume(TestData.data("pyradiomics/data/" + caseName + "_image.nrrd")),
                TestData.mask(TestData.data("pyradiomics/data/" + caseName + "_label.nrrd")), s, Progress.none());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> e : baseline.entrySet()) {
            if (!e.getKey().startsWith("original_" + cls + "_")) {
                continue;
            }
            double expected = Double.parseDouble(e.getValue());
            double actual = r.features().get(e.getKey());
            checked++;
            if (!(Math.abs(actual - expected) <= TOLERANCE * Math.abs(expected) + 1e-12)) {
                failures.add(e.getKey() + ": " + actual + " vs PyRadiomics " + expected);
            }
        }
        assertThat(checked).as("features checked").isGreaterThanOrEqualTo(5);
        assertThat(failures).as(cls + " " + column).isEmpty();
    }

    /** The baseline column of a class: feature name → value text; null if the class has no such column. */
    static Map<String, String> column(String cls, String column) throws IOException {
        try (Reader in = Files.newBufferedReader(TestData.data("pyradiomics/data/baseline/baseline_" + cls + ".csv"))) {
            List<CSVRecord> rows = CSVFormat.DEFAULT.parse(in).getRecords();
            int c = -1;
            for (int i = 0; i < rows.get(0).size(); i++) {
                if (rows.get(0).get(i).equals(column)) {
                    c = i;
                }
            }
            if (c < 0) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (CSVRecord r : rows.subList(1, rows.size())) {
                out.put(r.get(0), r.get(c));
            }
            return out;
        }
    }

    /** Settings from PyRadiomics' python-dict text, for one class on the original image. */
    static ExtractionSettings settings(String dict, FeatureClass cls) {
        ExtractionSettings.Builder b = ExtractionSettings.builder().enable(ImageType.ORIGINAL, cls);
        b.voxelArrayShift(number(dict, "voxelArrayShift", 0));
        b.label((int) number(dict, "label", 1));
        b.binWidth(number(dict, "binWidth", 25));
        if (dict.contains("'binCount'")) {
            b.binCount((int) number(dict, "binCount", 0));
        }
        Matcher m = Pattern.compile("'resegmentRange': \\[([^\\]]*)\\]").matcher(dict);
        if (m.find()) {
            b.resegmentRange(Stream.of(m.group(1).split(",")).map(String::trim).map(Double::valueOf).toList());
        }
        Matcher mode = Pattern.compile("'resegmentMode': '([a-z]+)'").matcher(dict);
        if (mode.find()) {
            b.processing(ImageProcessing.PYRADIOMICS.withResegmentMode(ImageProcessing.ResegmentMode.of(mode.group(1))));
        }
        return b.build();
    }

    private static double number(String dict, String key, double dflt) {
        Matcher m = Pattern.compile("'" + key + "': ([-0-9.eE]+)").matcher(dict);
        return m.find() ? Double.parseDouble(m.group(1)) : dflt;
    }
}
