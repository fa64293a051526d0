import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UIDGenerator;
import com.pixelmed.dicom.UniqueIdentifierAttribute;

/**
 * Makes a real-anatomy 512×512×N axial CT series (default N = 300) from a real thin-slice-less study: the shared
 * popi-00 chest CT (141 slices, 2 mm) resampled along z by linear interpolation of neighbouring real slices to N
 * slices over the same extent (about 0.94 mm apart for 300), written as a DICOM series with its own Series and SOP
 * Instance UIDs, Image Position, Instance Number, Slice Thickness and Spacing Between Slices (implicit VR little
 * endian, 16-bit pixels as the source).
 *
 * Usage: java -cp com.pixelmed.jar MakeSeries.java SOURCE_DIR OUT_DIR [N]
 */
public class MakeSeries {
    public static void main(String[] args) throws Exception {
        File src = new File(args[0]);
        File out = new File(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        out.mkdirs();
        File[] files = src.listFiles((d, f) -> f.endsWith(".dcm"));
        Arrays.sort(files);
        List<AttributeList> slices = new ArrayList<>();
        for (File f : files) {
            AttributeList l = new AttributeList();
            l.read(f);
            slices.add(l);
        }
        // sort by z (Image Position Patient)
        slices.sort((a, b) -> Double.compare(z(a), z(b)));
        double z0 = z(slices.get(0));
        double z1 = z(slices.get(slices.size() - 1));
        double step = (z1 - z0) / (n - 1);
        UIDGenerator uid = new UIDGenerator();
        String series = uid.getAnotherNewUID();
        for (int k = 0; k < n; k++) {
            double z = z0 + k * step;
            int lo = 0;
            while (lo + 1 < slices.size() - 1 && z(slices.get(lo + 1)) <= z) {
                lo++;
            }
            AttributeList a = slices.get(lo);
            AttributeList b = slices.get(Math.min(lo + 1, slices.size() - 1));
            double za = z(a), zb = z(b);
            double f = zb == za ? 0 : Math.max(0, Math.min(1, (z - za) / (zb - za)));
            short[] pa = a.get(TagFromName.PixelData).getShortValues();
            short[] pb = b.get(TagFromName.PixelData).getShortValues();
            short[] p = new short[pa.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = (short) Math.round((1 - f) * pa[i] + f * pb[i]);
            }
            AttributeList l = (AttributeList) a.clone();
            Attribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(p);
            l.put(pixels);
            put(l, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), series);
            String sop = uid.getAnotherNewUID();
            put(l, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), sop);
            put(l, new UniqueIdentifierAttribute(TagFromName.MediaStorageSOPInstanceUID), sop);
            put(l, new IntegerStringAttribute(TagFromName.InstanceNumber), Integer.toString(k + 1));
            double[] ipp = a.get(TagFromName.ImagePositionPatient).getDoubleValues();
            Attribute pos = new DecimalStringAttribute(TagFromName.ImagePositionPatient);
            pos.addValue(ipp[0]);
            pos.addValue(ipp[1]);
            pos.addValue(z);
            l.put(pos);
            put(l, new DecimalStringAttribute(TagFromName.SliceLocation), String.format(java.util.Locale.ROOT, "%.4f", z));
            put(l, new DecimalStringAttribute(TagFromName.SliceThickness), String.format(java.util.Locale.ROOT, "%.4f", step));
            put(l, new DecimalStringAttribute(TagFromName.SpacingBetweenSlices), String.format(java.util.Locale.ROOT, "%.4f", step));
            l.removeGroupLengthAttributes();
            l.write(new File(out, String.format("IM%04d.dcm", k)), TransferSyntax.ImplicitVRLittleEndian, true, true);
        }
        System.out.printf("wrote %d slices 512x512, %.4f mm apart, z %.1f .. %.1f, to %s%n", n, step, z0, z1, out);
    }

    static double z(AttributeList l) {
        try {
            return l.get(TagFromName.ImagePositionPatient).getDoubleValues()[2];
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    static void put(AttributeList l, Attribute a, String v) throws Exception {
        a.addValue(v);
        l.put(a);
    }
}
