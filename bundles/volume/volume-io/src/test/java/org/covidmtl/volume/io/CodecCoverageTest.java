package org.covidmtl.volume.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.junit.jupiter.api.Test;

/** Decoders on pydicom's and dcm4che's test files: lossless encodings of one image must agree exactly. */
class CodecCoverageTest {
    static final DicomSeriesReader R = new DicomSeriesReader();
    static final Map<String, String> ANY = Map.of("modality", "any", "padding", "keep");

    static LoadedVolume read(String f) {
        return R.read(TestData.data(f), ANY, Progress.none());
    }

    @Test
    void mrSmallInEveryLosslessEncodingIsIdentical() {
        float[] ref = read("dicom/pydicom_test_files/MR_small.dcm").volume().voxels();
        assertThat(ref).hasSize(64 * 64);
        for (String f : new String[] {"MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm",
                "MR_small_implicit.dcm", "MR_small_expb.dcm"}) {
            LoadedVolume lv = read("dicom/pydicom_test_files/" + f);
            TestData.assertSameVoxels(lv.volume().voxels(), ref, 0);
        }
    }

    @Test
    void otherCompressedFilesDecodeToPlausibleImages() {
        // JPEG-LS near-lossless 16-bit, JPEG extended 12-bit, JPEG 2000, fragmented baseline, dcm4che lossless SV1
        for (String[] c : new String[][] {{"dicom/pydicom_test_files/JPEGLSNearLossless_16.dcm", "1.2.840.10008.1.2.4.81"},
                {"dicom/pydicom_test_files/JPGExtended.dcm", "1.2.840.10008.1.2.4.51"},
                {"dicom/pydicom_test_files/JPEG2000.dcm", "1.2.840.10008.1.2.4.91"},
                {"dicom/cornerstone_ct_transfer_syntaxes/CT1_J2KR", "1.2.840.10008.1.2.4.90"},
                {"dicom/cornerstone_ct_transfer_syntaxes/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm", "1.2.840.10008.1.2.4.51"},
                {"dicom/dcm4che_test_data/CT-JPEGLosslessSV1.dcm", "1.2.840.10008.1.2.4.70"}}) {
            LoadedVolume lv = read(c[0]);
            assertThat(lv.metadata().get("transfer-syntaxes")).as(c[0]).isEqualTo(c[1]);
            double[] mmm = lv.volume().minMaxMean();
            assertThat(mmm[1]).as(c[0] + " max > min").isGreaterThan(mmm[0]);
            System.out.printf("%s: %s min %.1f max %.1f mean %.2f%n", c[0], java.util.Arrays.toString(lv.volume().geometry().size()), mmm[0],
                    mmm[1], mmm[2]);
        }
        // enhanced multi-frame CT (2 frames, per-frame positions in the functional groups), fragmented without offset table
        LoadedVolume mf = read("dicom/cornerstone_ct_transfer_syntaxes/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm");
        assertThat(mf.volume().geometry().size()[2]).isEqualTo(2);
        assertThat(mf.volume().geometry().spacing()[2]).isGreaterThan(0);
        assertThat(mf.warnings()).noneMatch(w -> w.contains("multi-frame without"));
        System.out.println("multi-frame CT0012: " + mf.volume().geometry() + " " + mf.warnings());
        // 16-bit signed (dcm4che): the full signed range
        double[] s16 = read("dicom/dcm4che_test_data/test16signed.dcm").volume().minMaxMean();
        assertThat(s16[0]).isEqualTo(-32768);
        assertThat(s16[1]).isEqualTo(32767);
        LoadedVolume ct = read("dicom/dcm4che_test_data/CT-JPEGLosslessSV1.dcm");
        assertThat(ct.volume().minMaxMean()[0]).isEqualTo(-1000);
        assertThat(ct.volume().minMaxMean()[1]).isEqualTo(2037);
    }
}
