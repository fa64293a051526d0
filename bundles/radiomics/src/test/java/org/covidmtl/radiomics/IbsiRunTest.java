package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.features.NameStyle;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.volume.io.NiftiReader;
import org.junit.jupiter.api.Test;

/** {@code radiomics:ibsi}'s plain-Java core ({@link IbsiRun}) and the IBSI name style. */
class IbsiRunTest {
    final IbsiRun run = new IbsiRun(new RadiomicsEngine("radiomics", "test"), new VolumeInputs(List.of(new NiftiReader())));
    final Path config = SettingsFileTest.config("ibsi-C.yaml").getParent();

    @Test
    void digitalPhantomThroughTheReaders() {
        IbsiCompliance.Report r = run.run("phantom", TestData.data("ibsi"), config, Progress.none());
        String table = r.format();
        System.out.println(table);
        assertThat(r.rows()).hasSize(482);
        assertThat(r.matched()).isGreaterThanOrEqualTo(IbsiDigitalPhantomTest.MIN_MATCHED_ALL);
        assertThat(table).contains("IBSI digital phantom: ").contains("Distance zone matrix (2D)").doesNotContain("\nmismatch ");
    }

    @Test
    void anExplicitReferenceTableReplacesTheDataFolders(@org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
        Path copy = tmp.resolve("phantom-values.csv");
        java.nio.file.Files.copy(TestData.data("ibsi/reference_values/ibsi_1_reference_values_digital_phantom.csv"), copy);
        IbsiCompliance.Report r = run.run("phantom", TestData.data("ibsi"), config, copy, Progress.none());
        assertThat(r.rows()).hasSize(482);
        assertThat(r.matched()).isGreaterThanOrEqualTo(IbsiDigitalPhantomTest.MIN_MATCHED_ALL);
        Path absent = tmp.resolve("ibsi_1_reference_values_config_D.csv");
        assertThatThrownBy(() -> run.run("D", TestData.data("ibsi"), config, absent, Progress.none()))
                .isInstanceOf(StageException.class).hasMessageContaining(absent.toString()).hasMessageContaining("--reference");
    }

    @Test
    void ctPhantomConfigurationC() {
        IbsiCompliance.Report r = run.run("c", TestData.data("ibsi"), config, Progress.none());
        assertThat(r.dataset()).isEqualTo("CT phantom configuration C");
        assertThat(r.matched()).isGreaterThanOrEqualTo(IbsiCtPhantomTest.MIN_MATCHED.get("C"));
        assertThat(r.count(IbsiCompliance.Status.NOT_COMPUTED)).isZero();
    }

    @Test
    void badArguments(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertThatThrownBy(() -> run.run("F", TestData.data("ibsi"), config, Progress.none()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("A, B, C, D, E").hasMessageContaining("phantom");
        assertThatThrownBy(() -> run.run("A", empty, config, Progress.none())).isInstanceOf(StageException.class)
                .hasMessageContaining("IBSI image not found").hasMessageContaining(empty.toString());
    }

    /** Every name the IBSI style gives the digital phantom's features (3-D) that is not a PyRadiomics name is a tag of its CSV. */
    @Test
    void ibsiNamesOfTheDigitalPhantomAreCsvTags() throws java.io.IOException {
        ExtractionSettings s = SettingsReader.read(SettingsFileTest.config("ibsi-digital-phantom.yaml")).toBuilder()
                .nameStyle(NameStyle.IBSI).build();
        List<String> tags = IbsiDigitalPhantomTest.rows().stream().map(r -> r.get("tag")).toList();
        List<String> ibsi = new RadiomicsEngine("radiomics", "test").featureNames(s).stream().filter(n -> !n.startsWith("original_"))
                .toList();
        assertThat(ibsi).hasSizeGreaterThan(150);
        assertThat(tags).containsAll(ibsi);
    }

    @Test
    void ibsiNamesAreTheReferenceTags() {
        ExtractionSettings a = SettingsReader.read(SettingsFileTest.config("ibsi-A.yaml")).toBuilder()
                .nameStyle(NameStyle.IBSI).build();
        List<String> names = new RadiomicsEngine("radiomics", "test").featureNames(a);
        assertThat(new HashSet<>(names)).hasSameSizeAs(names);
        assertThat(names).contains("stat_mean", "stat_medad", "ih_entropy", "ivh_v10", "loc_peak_glob", "morph_volume", "morph_moran_i",
                "cm_joint_max_2_5D_avg", "cm_sum_var_2_5D_avg", "rlm_sre_2_5D_avg", "szm_sze_2_5D", "dzm_sde_2_5D", "ngt_coarseness_2_5D",
                "ngl_dc_energy_2_5D")
                // no IBSI tag of their own: PyRadiomics' names (stat_kurt is Kurtosis - 3)
                .contains("original_firstorder_Kurtosis", "original_firstorder_Entropy", "original_glcm_MCC");
        ExtractionSettings w = ExtractionSettings.builder().nameStyle(NameStyle.IBSI).enable(ImageType.WAVELET, FeatureClass.GLCM)
                .processing(a.processing().withSliceAverage(true).withMergeDirections(true)).build();
        assertThat(new RadiomicsEngine("radiomics", "test").featureNames(w)).contains("wavelet-LLH_cm_joint_max_2D_comb");
        assertThatThrownBy(() -> new RadiomicsTool(new RadiomicsEngine("r", "t"), null).settings(null, null, "ibsj"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ibsi");
    }
}
