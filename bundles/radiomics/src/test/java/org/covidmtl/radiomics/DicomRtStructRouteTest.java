package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.junit.jupiter.api.Test;

/**
 * The IBSI CT phantom end to end from DICOM: the 60-slice series with its RTSTRUCT (GTV-1 rasterised onto the image
 * grid by the DICOM reader) against the NIfTI image and mask the IBSI ships, through configuration C. The images are
 * the same voxels; the RTSTRUCT mask differs from IBSI's NIfTI mask only along the contour, so every feature is
 * compared with its IBSI tolerance and the compliance counts of both routes must agree.
 */
class DicomRtStructRouteTest {

    @Test
    void dicomWithRtstructGivesTheNiftiRoutesCompliance() {
        Path data = TestData.data("ibsi");
        Path config = SettingsFileTest.config("ibsi-C.yaml");
        ExtractionSettings s = SettingsReader.read(config);
        RadiomicsEngine engine = new RadiomicsEngine("radiomics", "test");
        VolumeInputs dicomInputs = new VolumeInputs(List.of(new DicomSeriesReader()));
        Path dicom = data.resolve("ibsi_1_ct_radiomics_phantom/dicom");
        Volume image = dicomInputs.image(dicom, Progress.none());
        Mask mask = dicomInputs.mask(dicom, Progress.none());
        VolumeInputs nifti = new VolumeInputs(List.of(new NiftiReader()));
        Volume niftiImage = nifti.image(data.resolve("ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz"),
                Progress.none());
        Mask niftiMask = nifti.mask(data.resolve("ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz"), Progress.none());
        assertThat(image.geometry().size()).containsExactly(niftiImage.geometry().size());
        int differing = 0;
        for (int i = 0; i < image.voxels().length; i++) {
            differing += image.voxels()[i] != niftiImage.voxels()[i] ? 1 : 0;
        }
        System.out.printf("IBSI CT phantom: DICOM and NIfTI images differ in %d of %d voxels%n", differing,
                image.voxels().length);
        assertThat(differing).isZero();
        System.out.println("IBSI CT phantom geometry: DICOM " + image.geometry() + " / mask " + mask.geometry()
                + "; NIfTI " + niftiImage.geometry() + " / mask " + niftiMask.geometry());
        long both = 0, a = 0, b = 0;
        for (int i = 0; i < mask.labels().length; i++) {
            boolean x = mask.labels()[i] != 0, y = niftiMask.labels()[i] != 0;
            a += x ? 1 : 0;
            b += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }
        double dice = 2.0 * both / (a + b);

        List<org.apache.commons.csv.CSVRecord> rows = IbsiCompliance.referenceRows(data.resolve(
                "reference_values/ibsi_1_reference_values_config_C.csv"));
        IbsiCompliance.Report viaDicom = IbsiCompliance.check(engine, "CT phantom configuration C (DICOM + RTSTRUCT)",
                image, mask, s, rows, false, Progress.none());
        IbsiCompliance.Report viaNifti = IbsiCompliance.check(engine, "CT phantom configuration C (NIfTI)", niftiImage,
                niftiMask, s, rows, false, Progress.none());
        Map<String, IbsiCompliance.Row> byTag = new HashMap<>();
        viaNifti.rows().forEach(r -> byTag.put(r.tag(), r));
        int within = 0;
        double worst = 0;
        String worstTag = "";
        for (IbsiCompliance.Row r : viaDicom.rows()) {
            IbsiCompliance.Row n = byTag.get(r.tag());
            double diff = Math.abs(r.value() - n.value());
            boolean ok = diff <= r.tolerance() || diff <= 1e-9 * Math.max(1, Math.abs(n.value()));
            within += ok ? 1 : 0;
            double rel = diff / Math.max(1e-12, Math.abs(n.value()));
            if (rel > worst) {
                worst = rel;
                worstTag = r.tag();
            }
        }
        System.out.printf("IBSI C: RTSTRUCT mask Dice %.5f vs the NIfTI mask (%d / %d voxels); DICOM route %d/%d matched, "
                + "NIfTI route %d/%d; %d of %d features within IBSI's tolerance of the NIfTI route's value, largest "
                + "relative difference %.3g (%s)%n", dice, a, b, viaDicom.matched(), viaDicom.rows().size(),
                viaNifti.matched(), viaNifti.rows().size(), within, viaDicom.rows().size(), worst, worstTag);
        assertThat(dice).isGreaterThanOrEqualTo(0.99);
        assertThat(viaDicom.matched()).isEqualTo(viaNifti.matched());
        assertThat(within).isEqualTo(viaDicom.rows().size());
    }
}
