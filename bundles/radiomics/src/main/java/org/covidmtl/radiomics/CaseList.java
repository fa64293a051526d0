package org.covidmtl.radiomics;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.stage.StageException;

/**
 * A PyRadiomics batch file: a CSV with {@code Image} and {@code Mask} columns (paths, relative ones
 * against the file's folder) and any other columns, which are copied to the output.
 */
record CaseList(List<String> columns, List<Map<String, String>> rows, Path folder) {
    static CaseList read(Path file) {
        try (Reader in = Files.newBufferedReader(file);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build().parse(in)) {
            List<String> columns = p.getHeaderNames();
            if (!columns.contains("Image") || !columns.contains("Mask")) {
                throw new StageException(file.toString(), "a batch file needs the columns Image and Mask; it has " + columns);
            }
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord r : p) {
                Map<String, String> row = new LinkedHashMap<>();
                columns.forEach(c -> row.put(c, r.isMapped(c) && r.isSet(c) ? r.get(c) : ""));
                rows.add(row);
            }
            return new CaseList(List.copyOf(columns), rows, file.toAbsolutePath().getParent());
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new StageException(file.toString(), "cannot read the batch file: " + e.getMessage(), e);
        }
    }

    Path resolve(String path) {
        return folder.resolve(path);
    }
}
