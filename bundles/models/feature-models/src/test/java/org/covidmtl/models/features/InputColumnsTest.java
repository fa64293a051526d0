package org.covidmtl.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.FeatureImportance;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.junit.jupiter.api.Test;

class InputColumnsTest {

    private static Cohort small() {
        List<CaseRecord> cases = List.of(
                new CaseRecord("1", new int[] { 0 }, new double[] { 1.5 },
                        Map.of("age", "81", "sex", "Male", "lab:blood:WBC", "4.2", "lab:blood:CRP", "<0.5")),
                new CaseRecord("2", new int[] { 1 }, new double[] { 2.5 },
                        Map.of("age", "65", "sex", "Female", "lab:blood:WBC", "")),
                new CaseRecord("3", new int[] { 1 }, new double[] { 3.5 }, Map.of("age", "x", "sex", "female")));
        return new Cohort("small", List.of(Task.COVID_CT), List.of("f"), cases);
    }

    @Test
    void appendsClinicalAttributesWithMeanImputation() {
        Cohort c = small();
        InputColumns cols = InputColumns.fit(c, "age, sex, lab:blood:*");
        assertThat(cols.names()).containsExactly("f", "clinical:age", "clinical:sex", "clinical:lab:blood:CRP",
                "clinical:lab:blood:WBC");
        double[][] x = cols.matrix(c);
        assertThat(x[0]).containsExactly(1.5, 81, 1, 0.5, 4.2);
        // "x" is not a number: the training mean of age, (81 + 65) / 2; missing WBC: 4.2; missing CRP: 0.5
        assertThat(x[1]).containsExactly(2.5, 65, 0, 0.5, 4.2);
        assertThat(x[2]).containsExactly(3.5, 73, 0, 0.5, 4.2);
        assertThat(InputColumns.fit(c, "").names()).containsExactly("f");
    }

    @Test
    void rejectsAttributesWithoutNumbers() {
        assertThatThrownBy(() -> InputColumns.fit(small(), "hospital")).isInstanceOf(StageException.class)
                .hasMessageContaining("hospital");
        assertThatThrownBy(() -> InputColumns.fit(small(), "lab:urine:*")).isInstanceOf(StageException.class);
    }

    /** Fusion on the real cohort: radiomics + age + sex in a random forest. */
    @Test
    void randomForestWithAgeAndSex() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        Model m = new RandomForestFactory().create(new ModelSettings(List.of(Task.SEVERITY),
                Map.of("trees", "200", "clinical", "age,sex"), 11));
        m.fit(train, null, Progress.none());
        double[] sev = org.covidmtl.evaluation.Auc.paper(test.labels(2), m.predict(test, Progress.none()).probabilities().get("severity"));
        FeatureImportance fi = (FeatureImportance) m;
        assertThat(fi.featureNames()).hasSize(377).endsWith("clinical:age", "clinical:sex");
        double[] imp = fi.importance("severity", FeatureImportance.GAIN);
        System.out.printf("random-forest (200 trees) radiomics+age+sex severity AUC %.4f +- %.4f; importance age %.4f"
                + " sex %.4f%n", sev[0], sev[1], imp[375], imp[376]);
        assertThat(imp[375]).isPositive();
        assertThat(sev[0]).isGreaterThan(0.7);
    }
}
