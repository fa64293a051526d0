package org.covidmtl.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A result table as CSV text, written with Apache Commons CSV: RFC 4180 quoting where a field needs it, LF line
 * ends. Numbers are written as Java prints them ({@code 0.25}, {@code NaN}).
 */
public final class CsvText {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private final StringBuilder text = new StringBuilder();
    private final CSVPrinter printer;

    /** A table with this header row. */
    public CsvText(List<String> header) {
        try {
            printer = new CSVPrinter(text, FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        row(header);
    }

    public CsvText(String... header) {
        this(Arrays.asList(header));
    }

    /** Appends a row. */
    public CsvText row(List<?> values) {
        try {
            printer.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return this;
    }

    public CsvText row(Object... values) {
        return row(Arrays.asList(values));
    }

    /** The table so far. */
    @Override
    public String toString() {
        return text.toString();
    }
}
