package org.covidmtl.cohort;

import java.util.Set;

import org.covidmtl.api.cohort.DataValidationException;

/** The clinical and image-statistics columns that hold numbers, and the check that a cell of one does. */
public final class NumericColumns {
    /**
     * Numeric columns of cohort.csv and Patients.xlsx: the patient's age and the lung-volume statistics. Lab values
     * of ClinicalFeatures.xlsx are numeric too (every column but the PID).
     */
    public static final Set<String> COHORT = Set.of("Age", "Width", "Height", "TotalSlice", "FirstSlice", "LastSlice",
            "MaxSlice", "MaxSliceArea", "MinValue", "MaxValue", "MeanValue", "StdValue");

    private NumericColumns() {
    }

    /**
     * Checks that {@code value} is a finite number.
     *
     * @param where the file, row (line and PID) and column, for the error
     * @throws DataValidationException if it is empty, text, NaN or infinite
     */
    public static void check(String value, String where) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new DataValidationException(where, "empty, the column holds numbers");
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new DataValidationException(where, "not a number: '" + value + "'");
        }
        if (!Double.isFinite(d)) {
            throw new DataValidationException(where, "not a finite number: '" + value + "'");
        }
    }
}
