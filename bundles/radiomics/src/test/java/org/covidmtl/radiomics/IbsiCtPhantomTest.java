package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IBSI chapter 1 CT radiomics phantom (PAT1, GTV-1, NIfTI), configurations A, B and C run from
 * {@code config/radiomics/ibsi-{A,B,C}.yaml} through {@link IbsiCompliance#check}: every row of the configuration's
 * reference CSV with a reference value is compared against value ± the CSV's tolerance (not widened; rows with
 * tolerance 0, whose references are rounded to 3 significant digits, match at the reference's precision), or counted
 * as not computed. Each configuration asserts a minimum match count; the table and every mismatch are printed.
 */
class IbsiCtPhantomTest {
    /** Minimum matches per configuration (the counts documented in README.md; IbsiCompliance's rule). */
    static final Map<String, Integer> MIN_MATCHED = Map.of("A", 404, "B", 401, "C", 266, "D", 266, "E", 266);

    static Volume image;
    static Mask mask;

    @BeforeAll
    static void read() {
        image = TestData.volume(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz"));
        mask = TestData.mask(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz"));
    }

    @Test
    void configurationC() throws IOException {
        check("C", "_3D_avg", "_3D");
    }

    @Test
    void configurationA() throws IOException {
        check("A", "_2_5D_avg", "_2_5D");
    }

    @Test
    void configurationB() throws IOException {
        check("B", "_2_5D_avg", "_2_5D");
    }

    /**
     * Configurations D and E against IBSI's tables, which the shared data lacks: read from the folder in system property
     * {@value #REFERENCE_PROPERTY} ({@code ibsi_1_reference_values_config_D.csv}, {@code _E.csv}); skipped (with the reason
     * in the report) when it is not set. The CI proof of D and E is {@link IbsiConfigurationsDeTest}.
     */
    @Test
    void configurationD() throws IOException {
        check("D", "_3D_avg", "_3D", externalRows("D"));
    }

    @Test
    void configurationE() throws IOException {
        check("E", "_3D_avg", "_3D", externalRows("E"));
    }

    static final String REFERENCE_PROPERTY = "covidmtl.ibsi.reference";

    static List<CSVRecord> externalRows(String config) {
        String dir = System.getProperty(REFERENCE_PROPERTY);
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "IBSI configuration " + config + " reference table: system property "
                + REFERENCE_PROPERTY + " (a folder with ibsi_1_reference_values_config_" + config + ".csv) not set");
        java.nio.file.Path csv = java.nio.file.Paths.get(dir, "ibsi_1_reference_values_config_" + config + ".csv");
        Assumptions.assumeTrue(Files.isRegularFile(csv), "IBSI reference table " + csv + " not found");
        return IbsiCompliance.referenceRows(csv);
    }

    private void check(String config, String averaged, String merged) throws IOException {
        check(config, averaged, merged, rows(config));
    }

    private void check(String config, String averaged, String merged, List<CSVRecord> reference) {
        ExtractionSettings s = SettingsReader.read(SettingsFileTest.config("ibsi-" + config + ".yaml"));
        long t0 = System.nanoTime();
        IbsiCompliance.Report r = IbsiCompliance.check(new RadiomicsEngine("radiomics", "test"), "configuration " + config, image,
                mask, s, reference, false, Progress.none());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long matched = r.matched();
        System.out.println("IBSI CT phantom configuration " + config + " (" + ms + " ms):\n" + r.format());
        System.out.println("IBSI CT phantom configuration " + config + " not computed: " + r.rows().stream()
                .filter(x -> x.status() == IbsiCompliance.Status.NOT_COMPUTED).map(IbsiCompliance.Row::tag).toList());
        // the texture tags carry the aggregation the configuration's settings produce
        assertThat(r.rows().stream().filter(x -> x.tag().endsWith(averaged) && x.status() != IbsiCompliance.Status.NOT_COMPUTED))
                .isNotEmpty();
        assertThat(r.rows().stream().filter(x -> x.tag().endsWith(merged) && x.status() != IbsiCompliance.Status.NOT_COMPUTED))
                .isNotEmpty();
        assertThat(matched).as("configuration %s matches; %s", config, r.format()).isGreaterThanOrEqualTo(MIN_MATCHED.get(config));
    }

    static List<CSVRecord> rows(String config) throws IOException {
        try (Reader in = Files.newBufferedReader(TestData.data("ibsi/reference_values/ibsi_1_reference_values_config_" + config
                + ".csv"))) {
            if (in.read() != '\uFEFF') {
                throw new IOException("expected a byte order mark");
            }
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
        }
    }
}
