package org.covidmtl.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Per-stage timings for the README (not part of the normal build): the IBSI phantom and the 141-slice 512×512
 * chest CT, with both segmenters and the real default model (1000 trees, trained once and cached under
 * {@code target/timing/home}). Run with
 * {@code ./mvnw -B -q -o -ntp -pl bundles/assessment test -Dtest=AssessmentTimingTest -Dassessment.timing=true}.
 */
@EnabledIfSystemProperty(named = "assessment.timing", matches = "true")
class AssessmentTimingTest {

    @Test
    void timings() {
        Path root = Paths.get("target/timing").toAbsolutePath();
        AssessmentConfig c = new AssessmentConfig(TestStages.radiomicsParams(),
                root.resolve("home/models/default-random-forest"), TestStages.shared(), Map.of(), "test");
        AssessmentTool tool = new AssessmentTool(new TestStages(), c);
        long t0 = System.nanoTime();
        LoadedModel m = tool.model(null, Progress.none());
        System.out.printf("default model: %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9,
                m.note() == null ? "loaded from the cache" : m.note());
        int threads = Runtime.getRuntime().availableProcessors();
        for (String segmenter : new String[] {"classical", "refined"}) {
            for (String study : new String[] {"ibsi/ibsi_1_ct_radiomics_phantom/dicom/image", "chest-ct/popi-00"}) {
                Path in = TestStages.data(study);
                Assessment a = tool.assess(in, root.resolve(AssessmentTool.studyName(in) + "-" + segmenter), segmenter,
                        m, threads, Progress.none());
                System.out.println("== " + study + " (" + segmenter + ", " + threads + " processors)\n" + a.summary());
                assertThat(a.predictions()).hasSize(3);
            }
        }
    }
}
