package org.covidmtl.cohort;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.covidmtl.api.cohort.DataValidationException;

/**
 * Lab values of ClinicalFeatures.xlsx: one sheet per test panel, a header row with {@code PID} and the value
 * names, then one row per patient. Read into attributes {@code lab:<sheet>:<name>} by PID; empty cells are
 * left out (lab values are optional per patient), any other value must be a number.
 */
public final class ClinicalTable {
    private ClinicalTable() {
    }

    /** PID → attribute → value text, for every sheet. A sheet without PID column or with a duplicate PID is an error. */
    public static Map<String, Map<String, String>> read(Path file) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (XlsxReader.Sheet sheet : XlsxReader.read(file)) {
            if (sheet.rows().isEmpty()) {
                continue;
            }
            int headerRow = sheet.rows().firstKey();
            Map<Integer, String> header = sheet.row(headerRow);
            Integer pidCol = null;
            for (Map.Entry<Integer, String> h : header.entrySet()) {
                if (h.getValue().trim().equalsIgnoreCase("PID")) {
                    pidCol = h.getKey();
                }
            }
            String where = file + " sheet " + sheet.name();
            if (pidCol == null) {
                throw new DataValidationException(where + " row " + headerRow, "missing column PID");
            }
            Set<String> seen = new HashSet<>();
            for (Map.Entry<Integer, Map<Integer, String>> r : sheet.rows().tailMap(headerRow, false).entrySet()) {
                String pid = r.getValue().get(pidCol);
                if (pid == null || pid.isBlank()) {
                    continue;
                }
                pid = normalisePid(pid.trim());
                if (!seen.add(pid)) {
                    throw new DataValidationException(where + " row " + r.getKey(), "duplicate PID " + pid);
                }
                Map<String, String> attrs = out.computeIfAbsent(pid, k -> new HashMap<>());
                for (Map.Entry<Integer, String> cell : r.getValue().entrySet()) {
                    String name = header.get(cell.getKey());
                    if (cell.getKey().equals(pidCol) || name == null || name.isBlank() || cell.getValue().isBlank()) {
                        continue;
                    }
                    NumericColumns.check(cell.getValue(), where + " row " + r.getKey() + " (PID " + pid + ") column "
                            + name.trim());
                    attrs.put("lab:" + sheet.name() + ":" + name.trim(), cell.getValue().trim());
                }
            }
        }
        return out;
    }

    private static String normalisePid(String pid) {
        // numeric cells come as "12" or "12.0"
        if (pid.endsWith(".0")) {
            return pid.substring(0, pid.length() - 2);
        }
        return pid;
    }
}
