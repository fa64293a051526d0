package org.covidmtl.volume.io.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.volume.io.VolumeIO;
import org.covidmtl.volume.io.fuzz.DicomElements.Element;
import org.covidmtl.volume.io.fuzz.DicomElements.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The malformed inputs the first fuzzing run found escaping the typed-error contract, made again from the real
 * files: each must now be a typed error naming the file (with the problem in its message), within two seconds,
 * printing nothing.
 */
class ReportedCasesTest {
    static final String CT = DicomFileTarget.CORNERSTONE + "CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm";
    private final FuzzRunner quick = new FuzzRunner(2000);

    @TempDir
    Path tmp;

    /** Reads {@code input}: within two seconds, a typed error naming it, whose message holds {@code problem}. */
    private void refused(Path input, Map<String, String> options, String problem) {
        refused(quick, input, options, problem);
    }

    private static void refused(FuzzRunner runner, Path input, Map<String, String> options, String problem) {
        FuzzCase c = new FuzzCase("any", "reported", input.getFileName().toString(), problem, input, options, true);
        FuzzRunner.Result r = runner.run(c);
        assertThat(r.outcome()).as(c + ": " + r.detail()).isEqualTo(Outcome.TYPED_ERROR);
        assertThat(r.detail()).as(c.toString()).contains(problem);
    }

    private Path write(String name, byte[] b) throws IOException {
        return Files.write(tmp.resolve(name), b);
    }

    private static byte[] dicom(String seed, int tag, String vr, byte[] value) throws IOException {
        return edit(Files.readAllBytes(Target.shared(seed)), tag, vr, value);
    }

    private static byte[] edit(byte[] b, int tag, String vr, byte[] value) {
        Layout l = DicomElements.layout(b);
        Element e = l.find(tag);
        return e != null ? DicomElements.replaceValue(b, e, value) : DicomElements.insert(b, l, tag, vr, value);
    }

    private static byte[] us(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    @Test
    void niftiGzipWhoseSmallHeaderInflatesToGigabytes() throws IOException {
        byte[] nii = Compression.gunzip(Files.readAllBytes(Target.shared("ibsi/ibsi_1_digital_phantom/nifti/image/phantom.nii.gz")));
        refused(write("bomb.nii.gz", Compression.gzipBomb(nii, 32)), Map.of(), "decompresses to more than the 512 bytes its header declares");
    }

    @Test
    void dicomHeaderFieldsThatOverflowOrDoNotFit() throws IOException {
        Map<String, String> any = Map.of("modality", "any");
        refused(write("rows.dcm", edit(dicom(CT, 0x00280010, "US", us(65535)), 0x00280011, "US", us(65535))), any, "65535x65535");
        for (String ipp : List.of("1", "1\\2", "1\\2\\3\\4\\5\\6")) {
            refused(write("ipp.dcm", dicom(CT, 0x00200032, "DS", ipp.getBytes(StandardCharsets.US_ASCII))), any, "ImagePositionPatient has");
        }
        refused(write("frames.dcm", dicom(CT, 0x00280008, "IS", "2147483647".getBytes(StandardCharsets.US_ASCII))), any, "2147483647 frame(s)");
        byte[] b = Files.readAllBytes(Target.shared(CT));
        refused(write("length.dcm", DicomElements.setLength(b, DicomElements.layout(b).find(DicomMutator.PIXEL_DATA), 0x7fffffffL)), any,
                "length 2147483647 runs past the end of its file");
    }

    @Test
    void compressedFramesDeclaringOtherDimensions() throws IOException {
        for (String ts : List.of("JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51", "JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80",
                "JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70")) {
            for (int size : new int[] {32767, 65535}) {
                byte[] b = Files.readAllBytes(Target.shared(DicomFileTarget.CORNERSTONE + "CTImage.dcm_" + ts + ".dcm"));
                int sof = sof(b);
                ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).putShort(sof + 5, (short) size).putShort(sof + 7, (short) size);
                refused(write("sof.dcm", b), Map.of(), "is " + size + "x" + size + ", the data set says 512x512");
            }
        }
    }

    /** The first JPEG start-of-frame marker after the pixel data element. */
    private static int sof(byte[] b) {
        int from = DicomElements.layout(b).find(DicomMutator.PIXEL_DATA).valueAt();
        for (int p = from; p + 1 < b.length; p++) {
            int m = b[p + 1] & 0xff;
            if ((b[p] & 0xff) == 0xff && (m == 0xc0 || m == 0xc1 || m == 0xc3 || m == 0xf7)) {
                return p;
            }
        }
        throw new AssertionError("no SOF");
    }

    @Test
    void nrrdSizesSkipsAndDataFiles() throws IOException {
        String head = "NRRD0004\ntype: short\ndimension: 3\nsizes: %s\nencoding: raw\nendian: little\n%s\n";
        byte[] data = new byte[2 * 8];
        refused(write("sizes.nrrd", nrrd(String.format(head, "2000000000 2000000000 2000000000", ""), data)), Map.of(), "overflows 64 bits");
        refused(write("skip.nrrd", nrrd(String.format(head, "2 2 2", "byte skip: 1000"), data)), Map.of(), "truncated");
        refused(write("zero.nrrd", nrrd(String.format(head, "2 2 2", "data file: /dev/zero"), new byte[0])), Map.of(), "/dev/zero: not a regular file");
    }

    private static byte[] nrrd(String header, byte[] data) {
        byte[] h = header.replace("\n\n", "\n").concat("\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(h, h.length + data.length);
        System.arraycopy(data, 0, out, h.length, data.length);
        return out;
    }

    @Test
    void oneCorruptJpeg2000SliceOfTheTwentySliceSeries() throws IOException {
        Path series = Files.createDirectory(tmp.resolve("series"));
        List<Path> slices = DicomSeriesTarget.slices("totalsegmentator/example_ct_dicom", 0, Integer.MAX_VALUE);
        Path bad = null;
        for (int i = 0; i < slices.size(); i++) {
            Path dst = series.resolve(slices.get(i).getFileName());
            if (i == 10) {
                byte[] b = Files.readAllBytes(slices.get(i));
                Element pd = DicomElements.layout(b).find(DicomMutator.PIXEL_DATA);
                // the codestream's packets cut short: the decoder reads past the end of a code block
                int cut = pd.valueAt() + 16 + 3000;
                byte[] t = java.util.Arrays.copyOf(b, cut + 8);
                ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(pd.valueAt() + 8 + 4, cut - (pd.valueAt() + 16)).putInt(cut, 0xe0ddfffe).putInt(cut + 4, 0);
                bad = Files.write(dst, t);
            } else {
                Files.createSymbolicLink(dst, slices.get(i));
            }
        }
        String corrupt = bad.getFileName().toString();
        // a 20-slice JPEG 2000 series takes seconds to decode on two cores: the bound is the CI one
        refused(new FuzzRunner(10_000), series, Map.of(), corrupt + ": ");
        LoadedVolume v = VolumeIO.standard().read(series, Map.of("allow-gaps", "true"), Progress.none());
        assertThat(v.volume().geometry().sizeZ()).isEqualTo(slices.size());
        assertThat(v.warnings()).anyMatch(w -> w.contains("undecodable slice file(s) dropped: " + corrupt));
    }

    @Test
    void aSliceWithAMalformedPositionIsNamedWhenTheSeriesHasAGapWhereItWas() throws IOException {
        Path series = Files.createDirectory(tmp.resolve("ibsi"));
        List<Path> slices = DicomSeriesTarget.slices("ibsi/ibsi_1_ct_radiomics_phantom/dicom/image", 26, 6);
        for (int i = 0; i < slices.size(); i++) {
            Path dst = series.resolve(slices.get(i).getFileName());
            if (i == 3) {
                Files.write(dst, edit(Files.readAllBytes(slices.get(i)), 0x00200032, "DS", "1\\2".getBytes(StandardCharsets.US_ASCII)));
            } else {
                Files.createSymbolicLink(dst, slices.get(i));
            }
        }
        refused(series, Map.of(), "missing slices");
        refused(series, Map.of(), slices.get(3).getFileName() + " ((0x0020,0x0032) ImagePositionPatient has 2 values, needs 3)");
        LoadedVolume v = VolumeIO.standard().read(series, Map.of("allow-gaps", "true"), Progress.none());
        assertThat(v.volume().geometry().sizeZ()).isEqualTo(6);
        assertThat(v.warnings()).anyMatch(w -> w.startsWith("DICOM file skipped: ")).anyMatch(w -> w.contains("1 slices added"));
    }

    @Test
    void aMissingPathIsNoSuchFile() {
        refused(tmp.resolve("absent.nii.gz"), Map.of(), "no such file or folder");
    }
}
