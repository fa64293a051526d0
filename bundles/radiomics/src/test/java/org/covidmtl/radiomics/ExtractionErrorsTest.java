package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.covidmtl.api.features.EmptyMaskException;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.GridMismatchException;
import org.covidmtl.api.features.LabelAbsentException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.junit.jupiter.api.Test;

/** Typed errors on the IBSI digital phantom and its mask, and what the result carries besides the values. */
class ExtractionErrorsTest {
    final Volume image = TestData.volume(TestData.data("ibsi/ibsi_1_digital_phantom/nifti/image/phantom.nii.gz"));
    final Mask mask = TestData.mask(TestData.data("ibsi/ibsi_1_digital_phantom/nifti/mask/mask.nii.gz"));
    final RadiomicsEngine engine = new RadiomicsEngine("radiomics", "1.2.3");

    @Test
    void emptyMask() {
        Mask empty = new Mask(mask.geometry(), new byte[mask.labels().length]);
        assertThatThrownBy(() -> engine.extract(image, empty, ExtractionSettings.defaults(), Progress.none()))
                .isInstanceOf(EmptyMaskException.class).hasMessageContaining("no labelled voxel");
    }

    @Test
    void labelAbsentNamesTheLabelsPresent() {
        assertThatThrownBy(() -> engine.extract(image, mask, ExtractionSettings.builder().label(2).build(), Progress.none()))
                .isInstanceOf(LabelAbsentException.class).hasMessageContaining("label 2").hasMessageContaining("[1]");
    }

    @Test
    void nothingLeftAfterResegmentation() {
        ExtractionSettings s = ExtractionSettings.builder().resegmentRange(List.of(100.0, 200.0)).build();
        assertThatThrownBy(() -> engine.extract(image, mask, s, Progress.none())).isInstanceOf(EmptyMaskException.class)
                .hasMessageContaining("re-segmentation");
    }

    @Test
    void maskOnAnotherGridGivesBothGeometries() {
        VolumeGeometry g = mask.geometry();
        double[] spacing = g.spacing();
        spacing[2] *= 2;
        Mask other = new Mask(new VolumeGeometry(g.size(), spacing, g.origin(), g.direction()), mask.labels());
        assertThatThrownBy(() -> engine.extract(image, other, ExtractionSettings.defaults(), Progress.none()))
                .isInstanceOf(GridMismatchException.class).hasMessageContaining(image.geometry().toString())
                .hasMessageContaining(other.geometry().toString());
    }

    @Test
    void resultCarriesDiagnosticsAndProvenance() {
        ExtractionSettings s = ExtractionSettings.builder().binWidth(1).build();
        FeatureResult r = engine.extract(image, mask, s, Progress.none());
        assertThat(r.features().names()).isEqualTo(engine.featureNames(s));
        assertThat(r.diagnostics()).containsEntry("Mask-original_VoxelNum", "74").containsEntry("original_GrayLevels", "4");
        assertThat(r.provenance().settings()).isEqualTo(s);
        assertThat(r.provenance().imageSha256()).hasSize(64).isEqualTo(Hashes.sha256(image.voxels()));
        assertThat(r.provenance().maskSha256()).isEqualTo(Hashes.sha256(mask.labels()));
        assertThat(r.provenance().geometry()).isEqualTo(image.geometry());
        assertThat(r.provenance().extractorVersion()).isEqualTo("1.2.3");
    }
}
