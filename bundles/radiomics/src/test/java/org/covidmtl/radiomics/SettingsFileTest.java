package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.features.NameStyle;
import org.covidmtl.api.features.UnknownFeatureException;
import org.covidmtl.api.features.UnknownSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped parameter files, and the reader's validation. */
class SettingsFileTest {
    @TempDir
    Path tmp;

    static Path config(String name) {
        Path p = Paths.get("../../config/radiomics").resolve(name);
        assertThat(p).exists();
        return p;
    }

    @Test
    void covidMtlSettingsNameExactlyTheColumnsOfRadiomicsCsv() throws IOException {
        ExtractionSettings s = SettingsReader.read(config("covid-mtl-375.yaml"));
        List<String> names = new RadiomicsEngine("radiomics", "test").featureNames(s);
        String header = Files.newBufferedReader(TestData.data("covid-mtl/radiomics.csv")).readLine();
        List<String> columns = Arrays.asList(header.trim().split(","));
        assertThat(columns.get(0)).isEqualTo("PID");
        assertThat(names).hasSize(375).containsExactlyElementsOf(columns.subList(1, columns.size()));
        assertThat(s.nameStyle()).isEqualTo(NameStyle.COVID_MTL);
        assertThat(s.binWidth()).isEqualTo(25);
    }

    @Test
    void pyradiomicsDefaultsEnableSevenClassesOnTheOriginalImage() {
        ExtractionSettings s = SettingsReader.read(config("pyradiomics-default.yaml"));
        assertThat(s.imageTypes()).containsExactly(ImageType.ORIGINAL);
        assertThat(s.features().get(ImageType.ORIGINAL).keySet()).containsExactly(FeatureClass.FIRSTORDER, FeatureClass.SHAPE, FeatureClass.GLCM,
                FeatureClass.GLRLM, FeatureClass.GLSZM, FeatureClass.GLDM, FeatureClass.NGTDM);
        assertThat(new RadiomicsEngine("r", "t").featureNames(s)).hasSize(18 + 14 + 24 + 16 + 16 + 14 + 5)
                .contains("original_firstorder_10Percentile", "original_shape_Maximum3DDiameter", "original_glcm_MCC", "original_ngtdm_Strength");
    }

    @Test
    void unknownKeysAreErrorsNamingTheKey() throws IOException {
        assertThatThrownBy(() -> read("setting:\n  binWidht: 25\n")).isInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("setting.binWidht");
        assertThatThrownBy(() -> read("settings:\n  binWidth: 25\n")).isInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("settings");
        assertThatThrownBy(() -> read("imageType:\n  Wavlet: {}\n")).isInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("imageType.Wavlet");
        assertThatThrownBy(() -> read("featureClass:\n  glcmm: []\n")).isInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("featureClass.glcmm");
        assertThatThrownBy(() -> read("featureClass:\n  glcm: [Contrastt]\n")).isInstanceOf(UnknownFeatureException.class)
                .hasMessageContaining("glcm.Contrastt");
    }

    @Test
    void badValuesAndUnsupportedSettingsAreErrorsNamingTheSetting() {
        assertThatThrownBy(() -> read("setting:\n  binWidth: -5\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("binWidth");
        assertThatThrownBy(() -> read("setting:\n  force2Ddimension: 1\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("setting.force2Ddimension");
        assertThatThrownBy(() -> read("setting:\n  force2D: 2\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("setting.force2D");
        assertThatThrownBy(() -> read("setting:\n  resampledPixelSpacing: [2, 2, 2]\n  gridAlignment: ibsi-centre\n"
                + "  maskInterpolator: sitkBSpline\n")).isInstanceOf(InvalidSettingException.class).hasMessageContaining("maskInterpolator");
        assertThatThrownBy(() -> read("setting:\n  resegmentMode: percent\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("resegmentMode").hasMessageContaining("percent");
        assertThatThrownBy(() -> read("setting:\n  resegmentOutliers: -3\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("resegmentOutliers");
        assertThatThrownBy(() -> read("setting:\n  ivhBinCount: 1000\n  ivhBinWidth: 2.5\n")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("ivhBinCount");
        assertThatThrownBy(() -> read("setting:\n  resampledPixelSpacing: [2, 2, 2]\n"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("resampledPixelSpacing");
        assertThatThrownBy(() -> read("imageType:\n  Wavelet:\n    featureClass:\n      shape: []\n"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("Wavelet featureClass shape");
        assertThatThrownBy(() -> SettingsReader.read(tmp.resolve("missing.yaml"))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void resegmentationSettings() throws IOException {
        ExtractionSettings s = read("setting:\n  resegmentRange: [-3, 3]\n  resegmentMode: sigma\n");
        assertThat(s.resegmentRange()).containsExactly(-3.0, 3.0);
        assertThat(s.processing().resegmentMode()).isEqualTo(ImageProcessing.ResegmentMode.SIGMA);
        assertThat(s.processing().resegmentOutliers()).isNull();
        assertThat(read("setting:\n  resegmentRange: [0.1, 1]\n  resegmentMode: relative\n").processing().resegmentMode())
                .isEqualTo(ImageProcessing.ResegmentMode.RELATIVE);
        ExtractionSettings e = read("setting:\n  resegmentRange: [-1000, 400]\n  resegmentOutliers: 3\n  ivhBinCount: 1000\n"
                + "  interpolator: sitkBSpline\n");
        assertThat(e.processing().resegmentMode()).isEqualTo(ImageProcessing.ResegmentMode.ABSOLUTE);
        assertThat(e.processing().resegmentOutliers()).isEqualTo(3.0);
        assertThat(e.processing().ivhBinCount()).isEqualTo(1000);
        assertThat(e.processing().interpolator()).isEqualTo(ImageProcessing.Interpolator.BSPLINE);
    }

    @Test
    void namesDependOnTheSettings() {
        ExtractionSettings a = ExtractionSettings.builder().enable(ImageType.ORIGINAL, FeatureClass.GLCM, List.of("Contrast")).build();
        ExtractionSettings b = a.toBuilder().enable(ImageType.WAVELET, FeatureClass.GLCM, List.of("Contrast")).build();
        RadiomicsEngine e = new RadiomicsEngine("r", "t");
        assertThat(e.featureNames(a)).containsExactly("original_glcm_Contrast");
        assertThat(e.featureNames(b)).hasSize(9).contains("wavelet-LLH_glcm_Contrast", "wavelet-LLL_glcm_Contrast");
        assertThat(e.featureNames(b.toBuilder().nameStyle(NameStyle.COVID_MTL).build())).startsWith("Contrast", "LLH_glcm_Contrast");
    }

    private ExtractionSettings read(String yaml) throws IOException {
        Path f = tmp.resolve("params.yaml");
        Files.writeString(f, yaml);
        return SettingsReader.read(f);
    }
}
