package org.covidmtl.experiment.predict;

import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.model.Prediction;

/** One line per study: {@code <study>: covid-ct 0.1234 0.8766 | covid-nat … | severity …}, then its warnings. */
public final class PredictionText {
    private PredictionText() {
    }

    public static String of(Prediction p) {
        StringBuilder b = new StringBuilder(p.study()).append(':');
        String sep = " ";
        for (Map.Entry<String, double[]> e : p.probabilities().entrySet()) {
            b.append(sep).append(e.getKey());
            for (double v : e.getValue()) {
                b.append(String.format(Locale.ROOT, " %.6f", v));
            }
            sep = " | ";
        }
        for (String w : p.warnings()) {
            b.append(System.lineSeparator()).append("  warning: ").append(w);
        }
        return b.toString();
    }
}
