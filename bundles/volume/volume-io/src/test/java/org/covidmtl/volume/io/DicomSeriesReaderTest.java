package org.covidmtl.volume.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;

class DicomSeriesReaderTest {
    static final DicomSeriesReader R = new DicomSeriesReader();
    static LoadedVolume ibsi;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readIbsi() {
        ibsi = R.read(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/dicom"), Map.of(), Progress.none());
    }

    static LoadedVolume read(Path p, Map<String, String> o) {
        return R.read(p, o, Progress.none());
    }

    @Test
    void ibsiPhantomSeries() {
        VolumeGeometry g = ibsi.volume().geometry();
        assertThat(g.size()).containsExactly(204, 201, 60);
        assertThat(g.spacing()).containsExactly(new double[] {0.977, 0.977, 3.0}, within(1e-6));
        assertThat(g.direction()).containsExactly(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, within(1e-9));
        assertThat(g.origin()[2]).isCloseTo(-100.4, within(1e-4));
        double[] mmm = ibsi.volume().minMaxMean();
        assertThat(mmm[0]).isEqualTo(-1000);
        assertThat(mmm[1]).isEqualTo(3065);
        assertThat(mmm[2]).isCloseTo(-266.5, within(0.05));
        assertThat(ibsi.description()).contains("chose series").contains("60 images");
        assertThat(ibsi.metadata()).containsEntry("modality", "CT").containsEntry("slices", "60");
        // identical, voxel for voxel, to the IBSI NIfTI of the same volume
        LoadedVolume nii = new NiftiReader().read(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz"), Map.of(),
                Progress.none());
        assertThat(nii.volume().geometry().size()).containsExactly(204, 201, 60);
        TestData.assertSameVoxels(ibsi.volume().voxels(), nii.volume().voxels(), 0);
    }

    @Test
    void ibsiRtstructRasterisesToTheReferenceMask() {
        Mask m = ibsi.mask();
        assertThat(m).isNotNull();
        assertThat(ibsi.metadata()).containsEntry("rtstruct-rois", "GTV-1");
        LoadedVolume ref = new NiftiReader().read(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz"), Map.of(),
                Progress.none());
        float[] r = ref.volume().voxels();
        byte[] l = m.labels();
        long inter = 0;
        long a = 0;
        long b = 0;
        for (int i = 0; i < r.length; i++) {
            boolean x = l[i] != 0;
            boolean y = r[i] != 0;
            a += x ? 1 : 0;
            b += y ? 1 : 0;
            inter += x && y ? 1 : 0;
        }
        double dice = 2.0 * inter / (a + b);
        System.out.printf("IBSI RTSTRUCT Dice %.6f (ours %d voxels, reference %d, overlap %d)%n", dice, a, b, inter);
        assertThat(b).isEqualTo(125256);
        assertThat(dice).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void totalSegmentatorJpeg2000SeriesLandsOnTheSegmentationGrid() {
        LoadedVolume lv = read(TestData.data("totalsegmentator/example_ct_dicom"), Map.of());
        VolumeGeometry g = lv.volume().geometry();
        assertThat(lv.metadata().get("transfer-syntaxes")).isEqualTo("1.2.840.10008.1.2.4.90");
        assertThat(g.size()).containsExactly(512, 512, 20);
        assertThat(g.spacing()[2]).isCloseTo(2.0, within(1e-9)); // from positions, not SliceThickness 3
        assertThat(lv.warnings()).anyMatch(w -> w.contains("SliceThickness"));
        double[] mmm = lv.volume().minMaxMean();
        assertThat(mmm[0]).isEqualTo(-1024);
        assertThat(mmm[1]).isEqualTo(1839);
        LoadedVolume seg = new NiftiReader().read(TestData.data("totalsegmentator/example_seg_dicom.nii.gz"), Map.of(), Progress.none());
        VolumeGeometry sg = seg.volume().geometry();
        // the segmentation is stored LAS (rows flipped): every voxel centre must coincide
        for (int[] c : new int[][] {{0, 0, 0}, {511, 0, 0}, {0, 511, 0}, {0, 0, 19}, {511, 511, 19}, {100, 200, 7}}) {
            double[] p = g.toPhysical(c[0], c[1], c[2]);
            double[] q = sg.toPhysical(c[0], 511 - c[1], c[2]);
            assertThat(p).as("voxel " + java.util.Arrays.toString(c)).containsExactly(q, within(1e-3));
        }
        // HU under the liver label (5) are soft tissue; under the lung labels air-like
        float[] hu = lv.volume().voxels();
        float[] lab = seg.volume().voxels();
        double liver = 0;
        long nl = 0;
        for (int k = 0; k < 20; k++) {
            for (int j = 0; j < 512; j++) {
                for (int i = 0; i < 512; i++) {
                    float label = lab[sg.index(i, 511 - j, k)];
                    if (label == 5) {
                        liver += hu[g.index(i, j, k)];
                        nl++;
                    }
                }
            }
        }
        assertThat(nl).isGreaterThan(1000);
        assertThat(liver / nl).isBetween(20.0, 200.0);
    }

    static final Path TS = Path.of("dicom/cornerstone_ct_transfer_syntaxes");

    static double maxHuError(String file) {
        Path dir = TestData.data(TS.toString());
        float[] ref = read(dir.resolve("CTImage.dcm"), Map.of("padding", "keep")).volume().voxels();
        float[] v = read(dir.resolve(file), Map.of("padding", "keep")).volume().voxels();
        assertThat(v).hasSize(ref.length);
        double max = 0;
        for (int i = 0; i < v.length; i++) {
            max = Math.max(max, Math.abs(v[i] - ref[i]));
        }
        System.out.printf("transfer syntax %s: max |HU error| %.1f%n", file, max);
        return max;
    }

    static double fractionAbove(String file, double tol) {
        Path dir = TestData.data(TS.toString());
        float[] ref = read(dir.resolve("CTImage.dcm"), Map.of("padding", "keep")).volume().voxels();
        float[] v = read(dir.resolve(file), Map.of("padding", "keep")).volume().voxels();
        long n = 0;
        for (int i = 0; i < v.length; i++) {
            n += Math.abs(v[i] - ref[i]) > tol ? 1 : 0;
        }
        return (double) n / v.length;
    }

    @Test
    void losslessTransferSyntaxesAreBitIdenticalInHu() {
        LoadedVolume ref = read(TestData.data(TS + "/CTImage.dcm"), Map.of("padding", "keep"));
        double[] mmm = ref.volume().minMaxMean();
        assertThat(mmm[0]).isEqualTo(-3024);
        assertThat(mmm[1]).isEqualTo(1378);
        for (String f : new String[] {"CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm",
                "CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm",
                "CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm",
                "CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm",
                "CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm",
                "CTImage.dcm_JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57.dcm",
                "CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm",
                "CTImage.dcm_LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2.dcm",
                "CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm"}) {
            assertThat(maxHuError(f)).as(f).isEqualTo(0.0);
        }
    }

    @Test
    void lossyTransferSyntaxesWithinTolerance() {
        assertThat(maxHuError("CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm")).isLessThanOrEqualTo(5);
        assertThat(maxHuError("CTImage.dcm_JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81.dcm")).isLessThanOrEqualTo(1);
        // 12-bit DCT JPEG: extended sequential (process 2 & 4) and progressive (processes 6 & 8, 10 & 12)
        assertThat(maxHuError("CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm")).isLessThanOrEqualTo(36);
        assertThat(maxHuError("CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm")).isLessThanOrEqualTo(36);
        assertThat(maxHuError("CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm")).isLessThanOrEqualTo(36);
        // 8-bit baseline (rescale slope 32.12 HU per grey level): measured max 64.2 HU; 69 of 262144 pixels (noisy air,
        // smoothed by 2 grey levels) exceed 64 HU with the JDK's (libjpeg islow) decoder
        assertThat(maxHuError("CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm")).isLessThanOrEqualTo(64.5);
        assertThat(fractionAbove("CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm", 64)).isLessThan(5e-4);
    }

    @Test
    void paddingAndOutsideFovBecomeAirAndAreReported() {
        LoadedVolume ct = read(TestData.data(TS + "/CTImage.dcm"), Map.of());
        assertThat(ct.volume().minMaxMean()[0]).isEqualTo(-1024);
        assertThat(ct.warnings()).anyMatch(w -> w.contains("outside-FOV") || w.contains("padding"));
        // GE slices with PixelPaddingValue
        LoadedVolume ge = read(TestData.data("covid-ct-slices/A002304/axial"), Map.of());
        assertThat(ge.warnings()).anyMatch(w -> w.startsWith("57025 padding voxels"));
        assertThat(ge.volume().minMaxMean()[0]).isEqualTo(-1024);
        assertThat(ge.volume().geometry().size()).containsExactly(512, 512, 1);
        assertThat(ge.volume().geometry().spacing()[0]).isCloseTo(0.826172, within(1e-6));
        // two single-slice series: both candidates reported
        assertThat(ge.description()).contains("other candidates");
        LoadedVolume keep = read(TestData.data("covid-ct-slices/A002304/axial"), Map.of("padding", "keep"));
        assertThat(keep.volume().minMaxMean()[0]).isLessThan(-1024);
    }

    @Test
    void reformatsHaveTheirOrientation() {
        VolumeGeometry cor = read(TestData.data("covid-ct-slices/A002304/coronal"), Map.of()).volume().geometry();
        // coronal: rows run to the left (+x), columns to inferior (−z); the normal is ±y
        assertThat(cor.direction()).containsExactly(new double[] {1, 0, 0, 0, 0, 1, 0, -1, 0}, within(1e-6));
        VolumeGeometry sag = read(TestData.data("covid-ct-slices/A002304/sagittal"), Map.of()).volume().geometry();
        double[] d = sag.direction();
        assertThat(Math.abs(d[6 + 1])).isCloseTo(1, within(1e-6)); // columns run along z
        assertThat(Math.abs(d[2])).isCloseTo(1, within(1e-3)); // the normal is ±x
        for (String study : new String[] {"A027284", "A046441", "A048383", "A056642", "A058062"}) {
            LoadedVolume lv = read(TestData.data("covid-ct-slices/" + study + "/axial"), Map.of());
            double[] mmm = lv.volume().minMaxMean();
            assertThat(mmm[0]).as(study).isGreaterThanOrEqualTo(-1024);
            assertThat(mmm[2]).as(study).isBetween(-900.0, -200.0); // chest CT with lungs
        }
    }

    @Test
    void mrSeriesNeedsModalityAnyAndGetsOrientation() {
        Path mr = TestData.data("dicom/dcm4che_test_data/mr_series");
        assertThatThrownBy(() -> read(mr, Map.of())).isInstanceOf(VolumeFormatException.class).hasMessageContaining("modality MR");
        LoadedVolume lv = read(mr, Map.of("modality", "any"));
        VolumeGeometry g = lv.volume().geometry();
        assertThat(g.size()).containsExactly(256, 256, 16);
        assertThat(g.spacing()).containsExactly(new double[] {0.234375, 0.234375, 2.0}, within(1e-5));
        assertThat(g.direction()).containsExactly(new double[] {1, 0, 0, 0, 0, 1, 0, -1, 0}, within(1e-6));
    }

    @Test
    void badInputsAreTypedErrorsNamingTheFile() throws Exception {
        Path dir = TestData.data(TS.toString());
        assertThatThrownBy(() -> read(dir.resolve("no-pixel-data.dcm"), Map.of())).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("no-pixel-data.dcm").hasMessageContaining("not an image");
        assertThatThrownBy(() -> read(TestData.data("dicom/pydicom_test_files/rtstruct.dcm"), Map.of()))
                .isInstanceOf(VolumeFormatException.class).hasMessageContaining("RTSTRUCT");
        assertThatThrownBy(() -> read(TestData.data("dicom/pydicom_test_files/MR_truncated.dcm"), Map.of("modality", "any")))
                .isInstanceOf(VolumeFormatException.class).hasMessageContaining("MR_truncated.dcm").hasMessageContaining("truncated");
        assertThatThrownBy(() -> read(dir.resolve("LICENSE"), Map.of())).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("not a DICOM file");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> read(empty, Map.of())).isInstanceOf(VolumeFormatException.class).hasMessageContaining("empty folder");
        assertThatThrownBy(() -> read(dir.resolve("CTImage.dcm"), Map.of("nonsense", "1"))).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("nonsense");
        // truncated copy of the reference slice
        byte[] ct = Files.readAllBytes(dir.resolve("CTImage.dcm"));
        Path t = tmp.resolve("trunc.dcm");
        Files.write(t, java.util.Arrays.copyOf(ct, ct.length - 100_000));
        assertThatThrownBy(() -> read(t, Map.of())).isInstanceOf(VolumeFormatException.class).hasMessageContaining("trunc.dcm");
        // flipped bytes in the middle of a JPEG 2000 code stream
        byte[] j2k = Files.readAllBytes(dir.resolve("CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm"));
        for (int i = j2k.length - 20000; i < j2k.length - 10000; i++) {
            j2k[i] ^= (byte) 0xa5;
        }
        Path jf = tmp.resolve("flipped-j2k.dcm");
        Files.write(jf, j2k);
        try {
            LoadedVolume lv = read(jf, Map.of("padding", "keep"));
            // a corrupt lossless stream that still decodes must not decode to the original
            float[] ref = read(dir.resolve("CTImage.dcm"), Map.of("padding", "keep")).volume().voxels();
            assertThat(lv.volume().voxels()).isNotEqualTo(ref);
        } catch (VolumeFormatException e) {
            assertThat(e.getMessage()).contains("flipped-j2k.dcm");
        }
        // a folder with nothing but non-image objects
        Path ni = Files.createDirectory(tmp.resolve("nonimage"));
        Files.copy(dir.resolve("no-pixel-data.dcm"), ni.resolve("a.dcm"));
        Files.copy(TestData.data("dicom/pydicom_test_files/rtplan.dcm"), ni.resolve("b.dcm"));
        assertThatThrownBy(() -> read(ni, Map.of())).isInstanceOf(VolumeFormatException.class).hasMessageContaining("no DICOM image");
    }

    /** A copy of the IBSI series in {@code dir}, each file passed through {@code edit} (null → dropped). */
    interface Edit {
        boolean apply(int index, AttributeList l) throws Exception;
    }

    Path ibsiCopy(String name, Edit edit) throws Exception {
        Path src = TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/dicom/image");
        Path dst = Files.createDirectories(tmp.resolve(name));
        List<Path> files;
        try (Stream<Path> s = Files.list(src)) {
            files = new ArrayList<>(s.sorted().toList());
        }
        for (Path f : files) {
            AttributeList l = new AttributeList();
            l.read(f.toFile());
            int idx = Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""));
            if (edit.apply(idx, l)) {
                l.removeGroupLengthAttributes();
                l.write(new File(dst.toFile(), f.getFileName().toString()), TransferSyntax.ImplicitVRLittleEndian, true, true);
            }
        }
        return dst;
    }

    static double[] ipp(AttributeList l) throws Exception {
        return l.get(TagFromName.ImagePositionPatient).getDoubleValues();
    }

    static void setDs(AttributeList l, AttributeTag t, double... v) throws Exception {
        Attribute a = new DecimalStringAttribute(t);
        for (double x : v) {
            a.addValue(x);
        }
        l.put(a);
    }

    @Test
    void seriesGeometryProblems() throws Exception {
        // a missing slice: typed error; allow-gaps interpolates and reports
        Path gap = ibsiCopy("gap", (i, l) -> i != 30);
        assertThatThrownBy(() -> read(gap, Map.of())).isInstanceOf(VolumeFormatException.class).hasMessageContaining("missing slices");
        LoadedVolume filled = read(gap, Map.of("allow-gaps", "true", "rtstruct", "false"));
        assertThat(filled.volume().geometry().size()).containsExactly(204, 201, 60);
        assertThat(filled.warnings()).anyMatch(w -> w.contains("interpolated") && w.contains("1 slices added"));
        // slices away from the gap are unchanged; the filled one is the mean of its neighbours
        VolumeGeometry g = ibsi.volume().geometry();
        assertThat(filled.volume().get(100, 100, 10)).isEqualTo(ibsi.volume().get(100, 100, 10));
        int k = -1;
        int differing = 0;
        for (int z = 0; z < 60; z++) {
            if (filled.volume().get(100, 100, z) != ibsi.volume().get(100, 100, z) || filled.volume().get(50, 60, z) != ibsi.volume().get(50, 60, z)) {
                k = z;
                differing++;
            }
        }
        assertThat(differing).isEqualTo(1);
        assertThat(filled.volume().geometry().sameGrid(g, 1e-3)).isTrue();
        float expected = (ibsi.volume().get(100, 100, k - 1) + ibsi.volume().get(100, 100, k + 1)) / 2;
        assertThat(filled.volume().get(100, 100, k)).isCloseTo(expected, within(1e-3f));
        // duplicate positions
        Path dup = ibsiCopy("dup", (i, l) -> {
            if (i == 12) {
                AttributeList other = new AttributeList();
                other.read(TestData.data("ibsi/ibsi_1_ct_radiomics_phantom/dicom/image/DCM_IMG_00013.dcm").toFile());
                setDs(l, TagFromName.ImagePositionPatient, ipp(other));
            }
            return true;
        });
        assertThatThrownBy(() -> read(dup, Map.of())).isInstanceOf(VolumeFormatException.class).hasMessageContaining("duplicate slice position");
        // non-uniform spacing
        Path nonu = ibsiCopy("nonuniform", (i, l) -> {
            double[] p = ipp(l);
            if (p[2] > 0) {
                p[2] += 1.3;
            }
            setDs(l, TagFromName.ImagePositionPatient, p);
            return true;
        });
        assertThatThrownBy(() -> read(nonu, Map.of())).isInstanceOf(VolumeFormatException.class).hasMessageContaining("non-uniform");
        assertThat(read(nonu, Map.of("allow-gaps", "true", "rtstruct", "false")).warnings()).anyMatch(w -> w.contains("non-uniform"));
        // gantry tilt
        Path tilt = ibsiCopy("tilt", (i, l) -> {
            setDs(l, new AttributeTag(0x0018, 0x1120), 12.5);
            return true;
        });
        assertThatThrownBy(() -> read(tilt, Map.of())).isInstanceOf(VolumeFormatException.class).hasMessageContaining("gantry tilt");
        // mixed series: one slice with another orientation under the same series UID
        Path mixed = ibsiCopy("mixed", (i, l) -> {
            if (i == 5) {
                setDs(l, TagFromName.ImageOrientationPatient, 1, 0, 0, 0, 0, -1);
            }
            return i < 10;
        });
        assertThatThrownBy(() -> read(mixed, Map.of())).isInstanceOf(VolumeFormatException.class).hasMessageContaining("mixed series");
    }

    @Test
    void seriesChoiceExcludesLocalizersAndPrefersMostSlices() throws Exception {
        // the IBSI series plus a 3-slice copy as a LOCALIZER series and a 4-slice copy as another CT series
        Path dir = ibsiCopy("multi", (i, l) -> true);
        Path extra = ibsiCopy("extra", (i, l) -> {
            if (i >= 7) {
                return false;
            }
            l.put(new com.pixelmed.dicom.UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID) {
                {
                    addValue(i < 3 ? "1.2.3.4.5.1" : "1.2.3.4.5.2");
                }
            });
            l.put(new com.pixelmed.dicom.UniqueIdentifierAttribute(TagFromName.SOPInstanceUID) {
                {
                    addValue("1.2.3.4.6." + i);
                }
            });
            if (i < 3) {
                l.put(new com.pixelmed.dicom.CodeStringAttribute(TagFromName.ImageType) {
                    {
                        addValue("ORIGINAL");
                        addValue("PRIMARY");
                        addValue("LOCALIZER");
                    }
                });
            }
            return true;
        });
        try (Stream<Path> s = Files.list(extra)) {
            for (Path p : s.toList()) {
                Files.move(p, dir.resolve("x-" + p.getFileName()));
            }
        }
        LoadedVolume lv = read(dir, Map.of("rtstruct", "false"));
        assertThat(lv.volume().geometry().size()[2]).isEqualTo(60);
        assertThat(lv.description()).contains("localizer/scout").contains("other candidates").contains("1.2.3.4.5.2");
        LoadedVolume four = read(dir, Map.of("series", "1.2.3.4.5.2"));
        assertThat(four.volume().geometry().size()[2]).isEqualTo(4);
    }
}
