package org.covidmtl.volume.io.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.covidmtl.volume.io.fuzz.DicomElements.Element;

/**
 * Mutations of an RTSTRUCT: contour coordinates set to NaN, huge or unparsable numbers, point lists that are not
 * triples, the lengths of nested elements (contour data, contour and ROI sequences) broken, the SOP class changed,
 * and format-blind byte changes.
 */
final class RtStructMutator {
    private static final int[] NESTED = {0x30060050, 0x30060040, 0x30060039, 0x30060020, 0x30060026, 0x30060084, 0x30060042, 0x30060046};

    private RtStructMutator() {
    }

    static byte[] mutate(byte[] b, Random r, List<String> what) {
        DicomElements.Layout l = DicomElements.layout(b);
        int k = r.nextInt(10);
        if (k < 3) {
            what.add("rtstruct:");
            return ByteMutator.mutate(b, r, 4096, what);
        }
        if (k < 7) {
            List<Element> data = DicomElements.findAll(b, 0x30060050, l.explicit());
            if (data.isEmpty()) {
                return b;
            }
            Element e = data.get(r.nextInt(data.size()));
            String v = ByteMutator.pick(r, "NaN\\NaN\\NaN", "1e400\\0\\0", "-1e308\\1e308\\0", "1\\2", "abc", "", "1e9\\1e9\\1e9");
            boolean all = r.nextBoolean();
            String fill = all ? (v + "\\").repeat((int) (e.length() / (v.length() + 1) + 1)) : v;
            byte[] value = fill.getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = b.clone();
            for (int i = 0; i < e.length(); i++) {
                out[e.valueAt() + i] = i < value.length ? value[i] : (byte) ' ';
            }
            what.add("rtstruct contour data at " + e.at() + " -> '" + v + "'" + (all ? " repeated" : ""));
            return out;
        }
        if (k < 9) {
            int tag = NESTED[r.nextInt(NESTED.length)];
            List<Element> found = DicomElements.findAll(b, tag, l.explicit());
            if (found.isEmpty()) {
                return b;
            }
            Element e = found.get(r.nextInt(found.size()));
            long v = e.lengthSize() == 2 ? ByteMutator.pick(r, 0xffffL, 0L, e.length() + 2) : ByteMutator.pick(r, 0x7fffffffL, 0xfffffff0L, 0L,
                    e.length() + 2, 0xffffffffL);
            what.add(String.format("rtstruct length of (%04X,%04X) at %d -> %d", tag >>> 16, tag & 0xffff, e.at(), v));
            return DicomElements.setLength(b, e, v);
        }
        Element sop = l.find(0x00080016);
        if (sop == null) {
            return b;
        }
        what.add("rtstruct SOP class -> CT image");
        return DicomElements.replaceValue(b, sop, "1.2.840.10008.5.1.4.1.1.2".getBytes(StandardCharsets.US_ASCII));
    }
}
