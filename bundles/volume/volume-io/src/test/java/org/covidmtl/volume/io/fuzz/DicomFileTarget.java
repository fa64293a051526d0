package org.covidmtl.volume.io.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Single DICOM files, one real slice in every transfer syntax present, mutated by {@link DicomMutator}. */
final class DicomFileTarget extends Target {
    static final String CORNERSTONE = "dicom/cornerstone_ct_transfer_syntaxes/";
    static final List<String> SEEDS = List.of(CORNERSTONE + "CTImage.dcm",
            CORNERSTONE + "CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm",
            CORNERSTONE + "CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm",
            CORNERSTONE + "CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm",
            CORNERSTONE + "CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm",
            CORNERSTONE + "CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm",
            CORNERSTONE + "CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm",
            CORNERSTONE + "CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm",
            CORNERSTONE + "CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm",
            CORNERSTONE + "CTImage.dcm_JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57.dcm",
            CORNERSTONE + "CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm",
            CORNERSTONE + "CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm",
            CORNERSTONE + "CTImage.dcm_JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81.dcm",
            CORNERSTONE + "CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm",
            CORNERSTONE + "CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm",
            CORNERSTONE + "CT0012.fragmented_no_bot_jpeg_baseline.51.dcm",
            "dicom/pydicom_test_files/MR_small.dcm", "dicom/pydicom_test_files/MR_small_implicit.dcm",
            "dicom/pydicom_test_files/MR_small_RLE.dcm", "dicom/pydicom_test_files/MR_small_jp2klossless.dcm",
            "dicom/pydicom_test_files/MR_small_jpeg_ls_lossless.dcm", "dicom/pydicom_test_files/JPGExtended.dcm",
            "dicom/pydicom_test_files/CT_small.dcm", "dicom/dcm4che_test_data/MR-JPEGLosslessSV1.dcm");

    DicomFileTarget() {
        super("dicom-file", "dicom", 2);
    }

    @Override
    FuzzCase make(Random r, int index, Path dir) throws IOException {
        String seed = SEEDS.get(index % SEEDS.size());
        List<String> what = new ArrayList<>();
        byte[] b = DicomMutator.mutate(Files.readAllBytes(Target.shared(seed)), r, what);
        Map<String, String> options = r.nextInt(4) == 0 ? Map.of("modality", "any", "padding", "keep") : Map.of("modality", "any");
        return Target.file(this, seed, dir, "case.dcm", b, what, options);
    }
}
