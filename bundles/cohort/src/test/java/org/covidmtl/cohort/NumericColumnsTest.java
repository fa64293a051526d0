package org.covidmtl.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.covidmtl.api.cohort.DataValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text in a numeric clinical column (Age, lung-volume statistics, lab values) is refused, naming file, row, column. */
class NumericColumnsTest {
    @TempDir
    Path tmp;

    /** The real cohort.csv with one cell of {@code column} on line {@code line} replaced. */
    private Path cohortWith(int line, String column, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(SharedData.covidMtl().resolve("cohort.csv")));
        int col = List.of(lines.get(0).split(",")).indexOf(column);
        String[] cells = lines.get(line - 1).split(",", -1);
        cells[col] = value;
        lines.set(line - 1, String.join(",", cells));
        Path copy = tmp.resolve("cohort.csv");
        Files.write(copy, lines, StandardCharsets.UTF_8);
        return copy;
    }

    private static String pidOnLine(int line) throws IOException {
        List<String> lines = Files.readAllLines(SharedData.covidMtl().resolve("cohort.csv"));
        int pid = List.of(lines.get(0).split(",")).indexOf("PID");
        return lines.get(line - 1).split(",")[pid];
    }

    @Test
    void textInAgeIsRefusedWithFileLinePidAndColumn() throws IOException {
        Path copy = cohortWith(11, "Age", "unknown");
        assertThatThrownBy(() -> CohortLoader.readLabels(copy)).isInstanceOf(DataValidationException.class)
                .hasMessage(copy + " line 11 (PID " + pidOnLine(11) + ") column Age: not a number: 'unknown'");
    }

    @Test
    void emptyOrNonFiniteStatisticsAreRefused() throws IOException {
        Path empty = cohortWith(5, "Age", "");
        assertThatThrownBy(() -> CohortLoader.readLabels(empty)).isInstanceOf(DataValidationException.class)
                .hasMessageContaining("line 5 (PID " + pidOnLine(5) + ") column Age").hasMessageContaining("empty");
        Path nan = cohortWith(1330, "MeanValue", "NaN");
        assertThatThrownBy(() -> CohortLoader.readLabels(nan)).isInstanceOf(DataValidationException.class)
                .hasMessageContaining("line 1330 (PID " + pidOnLine(1330) + ") column MeanValue")
                .hasMessageContaining("not a finite number");
    }

    @Test
    void theRealCohortPassesAndAgesStayAsWritten() throws IOException {
        assertThat(CohortLoader.readLabels(SharedData.covidMtl().resolve("cohort.csv"))).hasSize(1329)
                .allSatisfy((id, c) -> assertThat(c.attributes().get("age")).matches("\\d+"));
    }

    @Test
    void textInAgeOfPatientsXlsxIsRefusedWithSheetRowPidAndColumn() throws IOException {
        // row 3 of Patients.xlsx is Patient 2, aged 50 (cell C3); the copy holds an inline string there instead
        Path copy = xlsxWith(SharedData.covidMtl().resolve("Patients.xlsx"), "xl/worksheets/sheet1.xml",
                "<c r=\"C3\" s=\"2\"><v>50</v></c>", "<c r=\"C3\" s=\"2\" t=\"inlineStr\"><is><t>fifty</t></is></c>");
        assertThat(PatientTable.read(SharedData.covidMtl().resolve("Patients.xlsx")).cases().get(1).attributes())
                .containsEntry("patient", "Patient 2").containsEntry("age", "50");
        assertThatThrownBy(() -> PatientTable.read(copy)).isInstanceOf(DataValidationException.class)
                .hasMessage(copy + " sheet Sheet1 row 3 (PID 2) column Age: not a number: 'fifty'");
    }

    @Test
    void textInALabValueIsRefusedWithSheetRowPidAndColumn() throws IOException {
        // ClinicalFeatures.xlsx, sheet "Routine Blood Test", row 2 is PID 1 with MCHC 344 in cell C2
        Path copy = xlsxWith(SharedData.covidMtl().resolve("ClinicalFeatures.xlsx"), "xl/worksheets/sheet1.xml",
                "<c r=\"C2\"><v>344</v></c>", "<c r=\"C2\" t=\"inlineStr\"><is><t>high</t></is></c>");
        assertThatThrownBy(() -> ClinicalTable.read(copy)).isInstanceOf(DataValidationException.class)
                .hasMessage(copy + " sheet Routine Blood Test row 2 (PID 1) column MCHC: not a number: 'high'");
    }

    /** A copy of a workbook with {@code from} replaced by {@code to} in one of its parts. */
    private Path xlsxWith(Path workbook, String part, String from, String to) throws IOException {
        Path copy = tmp.resolve(workbook.getFileName());
        try (ZipFile in = new ZipFile(workbook.toFile());
                OutputStream os = Files.newOutputStream(copy);
                ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                if (e.getName().equals(part)) {
                    String xml = new String(bytes, StandardCharsets.UTF_8);
                    assertThat(xml).contains(from);
                    bytes = xml.replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return copy;
    }
}
