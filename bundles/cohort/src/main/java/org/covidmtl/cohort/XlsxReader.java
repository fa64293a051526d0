package org.covidmtl.cohort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.covidmtl.api.cohort.DataValidationException;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * The cell values of an Office Open XML workbook (.xlsx), read with fastexcel-reader: shared and inline strings as
 * their text, numbers as written in the file ({@code 12}, {@code 2.42}), booleans as {@code TRUE}/{@code FALSE},
 * formulas as their cached value. Dates stay serial numbers.
 */
public final class XlsxReader {

    /**
     * One sheet: rows by 1-based row number, each a map of 0-based column index → text.
     *
     * @param name the sheet's name
     * @param rows the rows that have cells
     */
    public record Sheet(String name, TreeMap<Integer, Map<Integer, String>> rows) {
        /** The cells of row {@code r} (1-based), empty if none. */
        public Map<Integer, String> row(int r) {
            return rows.getOrDefault(r, Map.of());
        }
    }

    private XlsxReader() {
    }

    /** Every sheet, in workbook order. */
    public static List<Sheet> read(Path file) {
        try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile())) {
            List<Sheet> sheets = new ArrayList<>();
            for (org.dhatim.fastexcel.reader.Sheet sheet : workbook.getSheets().toList()) {
                sheets.add(new Sheet(sheet.getName(), rows(sheet)));
            }
            return sheets;
        } catch (IOException | UncheckedIOException | ExcelReaderException e) {
            throw new DataValidationException(file.toString(), CohortLoader.unreadable(file, "workbook", e), e);
        }
    }

    private static TreeMap<Integer, Map<Integer, String>> rows(org.dhatim.fastexcel.reader.Sheet sheet)
            throws IOException {
        TreeMap<Integer, Map<Integer, String>> rows = new TreeMap<>();
        try (Stream<Row> stream = sheet.openStream()) {
            stream.forEach(row -> {
                Map<Integer, String> cells = new LinkedHashMap<>();
                for (Cell cell : row) {
                    String text = cell == null ? null : text(cell);
                    if (text != null) {
                        cells.put(cell.getColumnIndex(), text);
                    }
                }
                if (!cells.isEmpty()) {
                    rows.put(row.getRowNum(), cells);
                }
            });
        }
        return rows;
    }

    /** The cell's text as the workbook holds it; {@code null} for an empty cell. */
    private static String text(Cell cell) {
        return switch (cell.getType()) {
        case EMPTY -> null;
        case STRING -> cell.getText();
        case BOOLEAN -> Boolean.TRUE.equals(cell.asBoolean()) ? "TRUE" : "FALSE";
        case NUMBER, FORMULA, ERROR -> cell.getRawValue();
        };
    }
}
