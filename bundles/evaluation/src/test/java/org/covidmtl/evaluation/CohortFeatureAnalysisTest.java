package org.covidmtl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.cohort.CohortLoader;
import org.covidmtl.cohort.CohortSources;
import org.covidmtl.evaluation.features.FeatureAnalysis;
import org.covidmtl.evaluation.features.WelchAnova;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Welch's ANOVA, box plots and the clustered heatmap on the real cohort. */
class CohortFeatureAnalysisTest {
    @TempDir
    Path out;

    static Path data() {
        String prop = System.getProperty("covidmtl.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "data", "covid-mtl"))) {
            return Path.of(prop, "data", "covid-mtl");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/data/covid-mtl"))) {
                return p.resolve("shared/data/covid-mtl");
            }
        }
        throw new IllegalStateException("no shared/data/covid-mtl");
    }

    @Test
    void severityGroupsDifferInTheTopFeaturesAndPlotsAreWritten() throws Exception {
        Cohort cohort = CohortLoader.load(CohortSources.paper(data()), Progress.none());
        int task = cohort.taskIndex("severity");
        List<FeatureAnalysis.FeatureTest> tests = FeatureAnalysis.write(cohort, task, new String[] { "control", "mild",
                "severe" }, 6, 24, out);
        assertThat(tests).hasSize(375);
        FeatureAnalysis.FeatureTest best = tests.get(0);
        assertThat(best.result().p()).isLessThan(1e-20);
        assertThat(best.result().sizes()).containsExactly(568, 562, 199);
        // group means recomputed directly from the cohort
        double[][] x = cohort.featureMatrix();
        int[] y = cohort.labels(task);
        double s = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == 2) {
                s += x[i][best.index()];
                n++;
            }
        }
        assertThat(best.result().means()[2]).isCloseTo(s / n, within(1e-9 * Math.abs(s / n) + 1e-12));
        // p-values are sorted
        for (int i = 1; i < tests.size(); i++) {
            WelchAnova.Result a = tests.get(i - 1).result();
            WelchAnova.Result b = tests.get(i).result();
            if (!Double.isNaN(b.p())) {
                assertThat(a.p()).isLessThanOrEqualTo(b.p());
            }
        }
        List<String> csv = Files.readAllLines(out.resolve("anova-severity.csv"));
        assertThat(csv).hasSize(376);
        assertThat(csv.get(0)).isEqualTo("feature,F,df1,df2,p,mean_0,mean_1,mean_2,n_0,n_1,n_2");
        assertThat(csv.get(1)).startsWith(best.feature() + ",");
        BufferedImage heat = PlotsTest.readPng(out.resolve("heatmap-severity.png"));
        assertThat(heat.getHeight()).isGreaterThan(24 * 16);
        assertThat(PlotsTest.distinctColours(heat)).isGreaterThan(50);
        PlotsTest.readPng(out.resolve("boxplots-severity.png"));
        System.out.println("top features for severity: " + tests.subList(0, 5).stream().map(t -> t.feature() + " F="
                + Math.round(t.result().f()) + " p=" + t.result().p()).toList());
        String keep = System.getProperty("covidmtl.keepPlots");
        if (keep != null) {
            for (String f : List.of("heatmap-severity.png", "boxplots-severity.png")) {
                Files.copy(out.resolve(f), Path.of(keep).resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
