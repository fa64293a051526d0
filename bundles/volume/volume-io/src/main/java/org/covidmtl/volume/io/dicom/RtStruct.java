package org.covidmtl.volume.io.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeGeometry;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

/**
 * Rasterises RTSTRUCT planar contours onto an image grid: each contour's LPS points are mapped to
 * continuous voxel indices, assigned to the nearest slice, and filled with the even-odd rule at voxel
 * centres (so contours on one slice XOR: holes stay empty). ROIs get labels 1, 2, … in the order of
 * the Structure Set ROI Sequence, or label 1 for the single ROI selected by name.
 */
public final class RtStruct {
    private RtStruct() {
    }

    public record Result(Mask mask, List<String> roiNames, Set<String> referencedSeries, List<String> warnings) {
        public boolean referencesSeries(String uid) {
            return referencedSeries.contains(uid);
        }
    }

    public static Result rasterize(Path rtstruct, VolumeGeometry g, String roiName) {
        String name = rtstruct.toString();
        DicomPreflight.check(rtstruct);
        AttributeList l = new AttributeList();
        try {
            Mute.call(() -> l.read(rtstruct.toFile()));
        } catch (Exception | Error e) {
            throw new VolumeFormatException(name, "unreadable RTSTRUCT: " + Dicom.describe(e) + " (option rtstruct=false reads the image without it)", e);
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        Attribute ssr = l.get(Tags.StructureSetROISequence);
        if (ssr instanceof SequenceAttribute s) {
            for (int i = 0; i < s.getNumberOfItems(); i++) {
                AttributeList it = s.getItem(i).getAttributeList();
                names.put(Dicom.integer(it, Tags.ROINumber, -1), Dicom.str(it, Tags.ROIName));
            }
        }
        Set<String> refSeries = new HashSet<>();
        collectSeries(l, refSeries, 0);
        Attribute rcs = l.get(Tags.ROIContourSequence);
        if (!(rcs instanceof SequenceAttribute roiContours) || roiContours.getNumberOfItems() == 0) {
            throw new VolumeFormatException(name, "RTSTRUCT has no ROI Contour Sequence");
        }
        int[] size = g.size();
        int plane = size[0] * size[1];
        byte[] labels = new byte[plane * size[2]];
        List<String> chosen = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int label = 0;
        List<Integer> order = new ArrayList<>(names.keySet());
        for (int r = 0; r < roiContours.getNumberOfItems(); r++) {
            AttributeList roi = roiContours.getItem(r).getAttributeList();
            int ref = Dicom.integer(roi, Tags.ReferencedROINumber, -1);
            String rn = names.getOrDefault(ref, "ROI " + ref);
            if (roiName != null && !rn.equalsIgnoreCase(roiName)) {
                continue;
            }
            label = roiName != null ? 1 : (order.contains(ref) ? order.indexOf(ref) + 1 : r + 1);
            chosen.add(rn);
            Attribute cs = roi.get(Tags.ContourSequence);
            if (!(cs instanceof SequenceAttribute contours)) {
                warnings.add("ROI '" + rn + "' has no contours");
                continue;
            }
            // per slice, an even-odd parity plane for this ROI
            Map<Integer, boolean[]> parity = new LinkedHashMap<>();
            int offGrid = 0;
            for (int c = 0; c < contours.getNumberOfItems(); c++) {
                AttributeList ci = contours.getItem(c).getAttributeList();
                String type = Dicom.str(ci, Tags.ContourGeometricType).toUpperCase(Locale.ROOT);
                double[] pts = Dicom.doubles(ci, TagFromName.ContourData);
                if (pts == null || pts.length < 9 || pts.length % 3 != 0) {
                    continue;
                }
                if (!type.isEmpty() && !type.equals("CLOSED_PLANAR")) {
                    warnings.add("ROI '" + rn + "': " + type + " contour skipped");
                    continue;
                }
                int np = pts.length / 3;
                double[] xs = new double[np];
                double[] ys = new double[np];
                double ksum = 0;
                for (int p = 0; p < np; p++) {
                    double[] idx = g.toIndex(pts[3 * p], pts[3 * p + 1], pts[3 * p + 2]);
                    xs[p] = idx[0];
                    ys[p] = idx[1];
                    ksum += idx[2];
                }
                double kf = ksum / np;
                int k = (int) Math.round(kf);
                if (k < 0 || k >= size[2] || Math.abs(kf - k) > 0.25) {
                    offGrid++;
                    continue;
                }
                boolean[] par = parity.computeIfAbsent(k, x -> new boolean[plane]);
                fill(xs, ys, size[0], size[1], par);
            }
            if (offGrid > 0) {
                warnings.add("ROI '" + rn + "': " + offGrid + " contours not on an image slice skipped");
            }
            for (Map.Entry<Integer, boolean[]> e : parity.entrySet()) {
                int base = e.getKey() * plane;
                boolean[] par = e.getValue();
                for (int i = 0; i < plane; i++) {
                    if (par[i]) {
                        labels[base + i] = (byte) label;
                    }
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new VolumeFormatException(name, roiName != null ? "no ROI named '" + roiName + "' (ROIs: " + names.values() + ")"
                    : "RTSTRUCT holds no ROI contours");
        }
        return new Result(new Mask(g, labels), chosen, refSeries, warnings);
    }

    /** Even-odd scanline fill of a closed polygon at pixel centres (x = i, y = j), toggling parity. */
    static void fill(double[] xs, double[] ys, int w, int h, boolean[] par) {
        int n = xs.length;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double y : ys) {
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        int j0 = Math.max(0, (int) Math.ceil(minY));
        int j1 = Math.min(h - 1, (int) Math.floor(maxY));
        double[] cross = new double[n];
        for (int j = j0; j <= j1; j++) {
            int m = 0;
            for (int a = 0; a < n; a++) {
                int b = (a + 1) % n;
                double ya = ys[a];
                double yb = ys[b];
                if ((ya <= j && yb > j) || (yb <= j && ya > j)) {
                    cross[m++] = xs[a] + (j - ya) / (yb - ya) * (xs[b] - xs[a]);
                }
            }
            java.util.Arrays.sort(cross, 0, m);
            for (int c = 0; c + 1 < m; c += 2) {
                int i0 = Math.max(0, (int) Math.ceil(cross[c]));
                int i1 = Math.min(w - 1, (int) Math.floor(cross[c + 1]));
                for (int i = i0; i <= i1; i++) {
                    par[j * w + i] = !par[j * w + i];
                }
            }
        }
    }

    private static void collectSeries(AttributeList l, Set<String> out, int depth) {
        if (l == null || depth > 6) {
            return;
        }
        String s = Dicom.str(l, TagFromName.SeriesInstanceUID);
        if (!s.isEmpty() && depth > 0) {
            out.add(s);
        }
        for (Attribute a : l.values()) {
            if (a instanceof SequenceAttribute sq) {
                for (int i = 0; i < sq.getNumberOfItems(); i++) {
                    collectSeries(sq.getItem(i).getAttributeList(), out, depth + 1);
                }
            }
        }
    }
}
