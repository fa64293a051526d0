package org.covidmtl.radiomics;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.covidmtl.api.stage.StageException;

/** Rows of named cells written as one CSV, atomically (a temporary file beside the target, then a move). */
final class FeatureTable {
    private FeatureTable() {
    }

    /** Writes {@code rows} under {@code columns} first, then every other key in the order first seen. */
    static void write(Path out, List<String> columns, List<Map<String, String>> rows) {
        LinkedHashSet<String> header = new LinkedHashSet<>(columns);
        rows.forEach(r -> header.addAll(r.keySet()));
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                    CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build())) {
                for (Map<String, String> r : rows) {
                    List<String> cells = new ArrayList<>(header.size());
                    header.forEach(h -> cells.add(r.getOrDefault(h, "")));
                    p.printRecord(cells);
                }
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StageException(out.toString(), "cannot write the feature table: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the move succeeded or the write failed and was reported
                }
            }
        }
    }
}
