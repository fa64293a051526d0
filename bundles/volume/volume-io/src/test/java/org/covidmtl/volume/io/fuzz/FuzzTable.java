package org.covidmtl.volume.io.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Outcome counts per input kind and per reader, the mean and slowest case, and every failure with its case. */
final class FuzzTable {
    private static final class Row {
        final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int cases;
        long totalMillis;
        long maxMillis;
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Row> readers = new LinkedHashMap<>();
    private final Map<String, String> readerOf = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    synchronized void add(FuzzCase c, FuzzRunner.Result r) {
        readerOf.put(c.target(), c.reader());
        count(rows.computeIfAbsent(c.target(), k -> new Row()), r);
        count(readers.computeIfAbsent(c.reader(), k -> new Row()), r);
        if (!r.outcome().ok) {
            failures.add(r.outcome().label + ": " + c + " -> " + r.detail());
        }
    }

    private static void count(Row row, FuzzRunner.Result r) {
        row.cases++;
        row.counts.merge(r.outcome(), 1, Integer::sum);
        row.totalMillis += r.millis();
        row.maxMillis = Math.max(row.maxMillis, r.millis());
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    int cases() {
        return rows.values().stream().mapToInt(r -> r.cases).sum();
    }

    /** One line per target, then one per reader, then all cases. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-10s %-13s %6s", "reader", "input", "cases"));
        for (Outcome o : Outcome.values()) {
            sb.append(String.format(Locale.ROOT, " %" + width(o) + "s", o.label));
        }
        sb.append(String.format(Locale.ROOT, " %8s %8s%n", "mean ms", "max ms"));
        rows.forEach((target, row) -> line(sb, readerOf.get(target), target, row));
        Row total = new Row();
        readers.forEach((reader, row) -> {
            line(sb, reader, "all", row);
            total.cases += row.cases;
            total.totalMillis += row.totalMillis;
            total.maxMillis = Math.max(total.maxMillis, row.maxMillis);
            row.counts.forEach((o, n) -> total.counts.merge(o, n, Integer::sum));
        });
        line(sb, "all", "all", total);
        return sb.toString();
    }

    private static int width(Outcome o) {
        return Math.max(6, o.label.length());
    }

    private static void line(StringBuilder sb, String reader, String target, Row row) {
        sb.append(String.format(Locale.ROOT, "%-10s %-13s %6d", reader, target, row.cases));
        for (Outcome o : Outcome.values()) {
            sb.append(String.format(Locale.ROOT, " %" + width(o) + "d", row.counts.getOrDefault(o, 0)));
        }
        sb.append(String.format(Locale.ROOT, " %8.0f %8d%n", row.cases == 0 ? 0.0 : (double) row.totalMillis / row.cases, row.maxMillis));
    }
}
