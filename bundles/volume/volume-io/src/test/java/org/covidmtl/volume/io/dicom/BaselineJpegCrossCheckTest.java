package org.covidmtl.volume.io.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * The 8-bit baseline JPEG file of the transfer-syntax set is decoded by the JDK's JPEG reader (through
 * PixelMed). Our own DCT decoder, written independently for the 12-bit syntaxes, also reads 8-bit baseline:
 * decoding the same frame with both shows that the reader's error against the lossless original (64.2 HU at
 * most, above the 64 HU) is in the file, not in the decoder — and each decoder checks the other.
 */
class BaselineJpegCrossCheckTest {
    static final Path DIR = Path.of(System.getProperty("covidmtl.shared", "/work/shared"), "data", "dicom",
            "cornerstone_ct_transfer_syntaxes");

    @Test
    void jdkAndOwnDecoderAgreeOnBaselineJpeg() {
        Path file = DIR.resolve("CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm");
        Volume read = new DicomSeriesReader().read(file, Map.of("modality", "any", "padding", "keep"), Progress.none())
                .volume();
        Volume reference = new DicomSeriesReader().read(DIR.resolve("CTImage.dcm"),
                Map.of("modality", "any", "padding", "keep"), Progress.none()).volume();
        JpegStream.Image own = JpegDctDecoder.decode(Encapsulated.frames(file, 1)[0]);
        assertThat(own.precision()).isEqualTo(8);
        assertThat(own.width() * own.height()).isEqualTo(read.voxels().length);
        // HU = stored * 32.1216 - 4047 (the file's rescale)
        double slope = 32.1216;
        double intercept = -4047;
        int differ = 0;
        double maxStep = 0;
        double ownMaxError = 0;
        double jdkMaxError = 0;
        for (int i = 0; i < own.samples().length; i++) {
            double ownHu = own.samples()[i] * slope + intercept;
            double jdkHu = read.voxels()[i];
            double step = Math.abs(ownHu - jdkHu) / slope;
            if (step > 1e-3) {
                differ++;
            }
            maxStep = Math.max(maxStep, step);
            ownMaxError = Math.max(ownMaxError, Math.abs(ownHu - reference.voxels()[i]));
            jdkMaxError = Math.max(jdkMaxError, Math.abs(jdkHu - reference.voxels()[i]));
        }
        System.out.printf("baseline JPEG: own vs JDK differ at %d of %d pixels (max %.0f grey level); max error vs "
                + "lossless: own %.2f HU, JDK %.2f HU%n", differ, own.samples().length, maxStep, ownMaxError, jdkMaxError);
        // two IDCTs (double precision vs libjpeg's integer islow) may round a sample differently, by one level
        assertThat(maxStep).isLessThanOrEqualTo(1.0 + 1e-4); // HU held as float
        assertThat(differ).isLessThan(own.samples().length / 50);
        assertThat(ownMaxError).isGreaterThan(64.0);
        assertThat(jdkMaxError).isGreaterThan(64.0).isLessThan(64.5);
    }
}
