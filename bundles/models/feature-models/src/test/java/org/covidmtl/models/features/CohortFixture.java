package org.covidmtl.models.features;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;

/** Test-side loader of the real COVID-MTL cohort (radiomics.csv + cohort.csv + the paper's split). */
final class CohortFixture {
    static final List<Task> TASKS = List.of(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY);
    private static Cohort all;

    private CohortFixture() {
    }

    /**
     * The AUC a test reports for a task: exact (Mann–Whitney) for a binary task, the paper's interpolated
     * one-vs-rest mean for severity — both from the evaluation bundle.
     */
    static double auc(double[][] probabilities, int[] truth) {
        return probabilities[0].length == 2 ? org.covidmtl.evaluation.Auc.exact(truth, probabilities, 1)
                : org.covidmtl.evaluation.Auc.paper(truth, probabilities)[0];
    }

    static Path dir() {
        String shared = System.getProperty("covidmtl.shared", "/work/shared");
        return Path.of(shared, "data", "covid-mtl");
    }

    static synchronized Cohort all() throws IOException {
        if (all == null) {
            all = load();
        }
        return all;
    }

    static Cohort train() throws IOException {
        return all().subset("train", split("split-seed11-train.txt"));
    }

    static Cohort test() throws IOException {
        return all().subset("test", split("split-seed11-test.txt"));
    }

    static List<String> split(String file) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve(file), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                ids.add(line.trim());
            }
        }
        return ids;
    }

    private static Cohort load() throws IOException {
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        Map<String, CSVRecord> labels = new HashMap<>();
        try (Reader r = Files.newBufferedReader(dir().resolve("cohort.csv"), StandardCharsets.UTF_8);
                CSVParser p = fmt.parse(r)) {
            for (CSVRecord rec : p) {
                labels.put(rec.get("PID"), rec);
            }
        }
        List<CaseRecord> cases = new ArrayList<>();
        List<String> names;
        try (Reader r = Files.newBufferedReader(dir().resolve("radiomics.csv"), StandardCharsets.UTF_8);
                CSVParser p = fmt.parse(r)) {
            names = new ArrayList<>(p.getHeaderNames());
            names.remove("PID");
            for (CSVRecord rec : p) {
                String pid = rec.get("PID");
                double[] f = new double[names.size()];
                for (int j = 0; j < f.length; j++) {
                    f[j] = Double.parseDouble(rec.get(names.get(j)));
                }
                CSVRecord l = labels.get(pid);
                int[] y = { Integer.parseInt(l.get("COVIDCT")), Integer.parseInt(l.get("COVIDNC")),
                        Integer.parseInt(l.get("COVIDSeverity")) };
                Map<String, String> attr = new LinkedHashMap<>();
                attr.put("age", l.get("Age"));
                attr.put("sex", l.get("Gender"));
                attr.put("hospital", l.get("Hospital"));
                cases.add(new CaseRecord(pid, y, f, attr));
            }
        }
        return new Cohort("covid-mtl", TASKS, names, cases);
    }
}
