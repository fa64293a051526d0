package org.covidmtl.cohort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.DataValidationException;

/**
 * The full HUST-19 patient table (Patients.xlsx: Hospital, Patient, Age, Gender, SARS-CoV-2 nucleic acids, CT,
 * Morbidity, Mortality; "Patient N" is PID N) read into a cohort without features. Labels follow the reference:
 * COVIDCT = CT Positive/Negative, COVIDNC = nucleic acids Positive/Negative, severity 0 = Control or Suspected,
 * 1 = Mild or Regular, 2 = Severe or Critically ill; anything else (N/A, Unknown) is −1 = unknown.
 */
public final class PatientTable {
    static final List<String> COLUMNS = List.of("Hospital", "Patient", "Age", "Gender", "SARS-CoV-2 nucleic acids",
            "CT", "Morbidity", "Mortality");

    private PatientTable() {
    }

    /** Every patient as a study with labels (−1 where unknown) and attributes named as in {@link CohortLoader}. */
    public static Cohort read(Path file) {
        List<XlsxReader.Sheet> sheets = XlsxReader.read(file);
        if (sheets.isEmpty() || sheets.get(0).rows().isEmpty()) {
            throw new DataValidationException(file.toString(), "no rows");
        }
        XlsxReader.Sheet sheet = sheets.get(0);
        int headerRow = sheet.rows().firstKey();
        Map<String, Integer> col = new HashMap<>();
        for (Map.Entry<Integer, String> h : sheet.row(headerRow).entrySet()) {
            col.put(h.getValue().trim(), h.getKey());
        }
        for (String c : COLUMNS) {
            if (!col.containsKey(c)) {
                throw new DataValidationException(file + " sheet " + sheet.name() + " row " + headerRow,
                        "missing column " + c);
            }
        }
        Map<String, CaseRecord> out = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<Integer, String>> r : sheet.rows().tailMap(headerRow, false).entrySet()) {
            String where = file + " sheet " + sheet.name() + " row " + r.getKey();
            Map<Integer, String> cells = r.getValue();
            String patient = cells.getOrDefault(col.get("Patient"), "").trim();
            if (!patient.matches("Patient \\d+")) {
                throw new DataValidationException(where, "Patient is not 'Patient N': '" + patient + "'");
            }
            String pid = patient.substring("Patient ".length());
            if (out.containsKey(pid)) {
                throw new DataValidationException(where, "duplicate PID " + pid);
            }
            NumericColumns.check(text(cells, col.get("Age")), where + " (PID " + pid + ") column Age");
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("hospital", text(cells, col.get("Hospital")));
            attrs.put("patient", patient);
            attrs.put("age", integerText(text(cells, col.get("Age"))));
            attrs.put("sex", text(cells, col.get("Gender")));
            attrs.put("nat-result", text(cells, col.get("SARS-CoV-2 nucleic acids")));
            attrs.put("ct-result", text(cells, col.get("CT")));
            attrs.put("morbidity", text(cells, col.get("Morbidity")));
            attrs.put("mortality", text(cells, col.get("Mortality")));
            int[] labels = { binary(attrs.get("ct-result")), binary(attrs.get("nat-result")), severity(attrs.get(
                    "morbidity")) };
            out.put(pid, new CaseRecord(pid, labels, new double[0], attrs));
        }
        return new Cohort(file.getFileName().toString(), CohortLoader.TASKS, List.of(), new ArrayList<>(out.values()));
    }

    static int binary(String s) {
        return switch (s) {
        case "Positive" -> 1;
        case "Negative" -> 0;
        default -> -1;
        };
    }

    static int severity(String s) {
        return switch (s) {
        case "Control", "Suspected" -> 0;
        case "Mild", "Regular" -> 1;
        case "Severe", "Critically ill" -> 2;
        default -> -1;
        };
    }

    private static String text(Map<Integer, String> cells, int c) {
        return cells.getOrDefault(c, "").trim();
    }

    private static String integerText(String s) {
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
