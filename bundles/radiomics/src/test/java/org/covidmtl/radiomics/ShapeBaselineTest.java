package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureVector;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 3-D shape class against PyRadiomics' baseline ({@code baseline_shape.csv}, columns without
 * resampling) within 1 % relative. Shape depends on the mask alone, so lung1 and lung2 (labels only)
 * are measured on a zero image on the label's grid.
 */
class ShapeBaselineTest {
    static final double TOLERANCE = 0.01;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"brain1", "breast1", "lung1", "lung2"})
    void matchesBaseline(String caseName) throws IOException {
        Map<String, String> baseline = PyRadiomicsBaselineTest.column("shape", caseName);
        Mask mask = TestData.mask(TestData.data("pyradiomics/data/" + caseName + "_label.nrrd"));
        Volume image = new Volume(mask.geometry(), new float[mask.labels().length]);
        ExtractionSettings s = ExtractionSettings.builder().enable(ImageType.ORIGINAL, FeatureClass.SHAPE).build();
        FeatureVector v = new RadiomicsEngine("radiomics", "test").extract(image, mask, s, Progress.none()).features();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> e : baseline.entrySet()) {
            if (!e.getKey().startsWith("original_shape_")) {
                continue;
            }
            double expected = Double.parseDouble(e.getValue());
            double actual = v.get(e.getKey());
            checked++;
            System.out.printf("shape %s %s %.6g vs %.6g (%.3f %%)%n", caseName, e.getKey(), actual, expected,
                    100 * (actual - expected) / expected);
            if (!(Math.abs(actual - expected) <= TOLERANCE * Math.abs(expected))) {
                failures.add(e.getKey() + ": " + actual + " vs PyRadiomics " + expected);
            }
        }
        assertThat(checked).isEqualTo(14);
        assertThat(v.names()).hasSize(14);
        assertThat(failures).as(caseName).isEmpty();
    }
}
