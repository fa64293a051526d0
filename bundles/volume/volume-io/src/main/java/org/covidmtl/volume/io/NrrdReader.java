package org.covidmtl.volume.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.api.volume.VolumeReader;

/**
 * NRRD reader (attached or detached data, raw/gzip/ascii encodings, space directions and origin).
 * RAS, LPS and LAS spaces (and their long names) are converted to LPS. Sizes are multiplied without overflow and
 * checked against the free heap before the data is read; exactly the declared bytes are read ({@link NrrdData}).
 */
public final class NrrdReader implements VolumeReader {
    public static final String FORMAT = "nrrd";

    @Override
    public boolean canRead(Path input) {
        byte[] h = IoUtil.head(input, 8);
        return h.length == 8 && new String(h, 0, 7, StandardCharsets.US_ASCII).equals("NRRD000");
    }

    @Override
    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        IoUtil.checkOptions(input, options, Set.of());
        String name = input.toString();
        BoundedRead.requireRegularFile(name, input);
        progress.setProgress(0, "reading " + input.getFileName());
        NrrdHeader header = NrrdHeader.read(name, input);
        Map<String, String> fields = header.fields();
        List<String> warnings = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        int dim = parseInt(name, header.require(name, "dimension"));
        if (dim != 3) {
            throw new VolumeFormatException(name, "only 3-D NRRD is supported, dimension is " + dim);
        }
        String[] sz = header.require(name, "sizes").split("\\s+");
        if (sz.length != 3) {
            throw new VolumeFormatException(name, "sizes has " + sz.length + " values for dimension 3");
        }
        int[] size = new int[3];
        for (int a = 0; a < 3; a++) {
            size[a] = parseInt(name, sz[a]);
            if (size[a] < 1) {
                throw new VolumeFormatException(name, "sizes[" + a + "] = " + size[a]);
            }
        }
        String type = header.require(name, "type").toLowerCase(Locale.ROOT);
        int bytes;
        char kind; // i signed, u unsigned, f float
        switch (type) {
            case "signed char", "int8", "int8_t" -> { bytes = 1; kind = 'i'; }
            case "uchar", "unsigned char", "uint8", "uint8_t" -> { bytes = 1; kind = 'u'; }
            case "short", "short int", "signed short", "signed short int", "int16", "int16_t" -> { bytes = 2; kind = 'i'; }
            case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t" -> { bytes = 2; kind = 'u'; }
            case "int", "signed int", "int32", "int32_t" -> { bytes = 4; kind = 'i'; }
            case "uint", "unsigned int", "uint32", "uint32_t" -> { bytes = 4; kind = 'u'; }
            case "float" -> { bytes = 4; kind = 'f'; }
            case "double" -> { bytes = 8; kind = 'f'; }
            case "longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t" -> { bytes = 8; kind = 'i'; }
            default -> throw new VolumeFormatException(name, "unsupported NRRD type '" + NrrdHeader.printable(type) + "'");
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        String endian = fields.get("endian");
        if (endian != null && endian.equalsIgnoreCase("big")) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (bytes > 1 && endian == null) {
            warnings.add("no endian field: assuming little");
        }
        String encoding = header.require(name, "encoding").toLowerCase(Locale.ROOT);
        VolumeGeometry g = geometry(name, fields, size, warnings, meta);
        long nvox = Limits.product(name, "sizes", size[0], size[1], size[2]);
        long need = Limits.product(name, "voxels × bytes", nvox, bytes);
        NrrdData data = NrrdData.locate(name, input, header);
        progress.checkCanceled();
        Limits.checkMemory(name, nvox, Limits.sum(name, need, 4 * nvox));
        if (encoding.equals("ascii") || encoding.equals("text") || encoding.equals("txt")) {
            float[] vox = data.ascii(nvox);
            return done(input, g, vox, warnings, meta, type, encoding, progress);
        }
        byte[] payload = switch (encoding) {
            case "raw" -> data.raw(need);
            case "gzip", "gz" -> data.gzip(need, warnings);
            default -> throw new VolumeFormatException(name, "unsupported NRRD encoding '" + NrrdHeader.printable(encoding) + "'");
        };
        ByteBuffer d = ByteBuffer.wrap(payload).order(order);
        int n = (int) nvox;
        float[] vox = new float[n];
        switch (bytes * 10 + kind) {
            case 10 + 'i' -> { for (int i = 0; i < n; i++) vox[i] = d.get(i); }
            case 10 + 'u' -> { for (int i = 0; i < n; i++) vox[i] = d.get(i) & 0xff; }
            case 20 + 'i' -> { for (int i = 0; i < n; i++) vox[i] = d.getShort(2 * i); }
            case 20 + 'u' -> { for (int i = 0; i < n; i++) vox[i] = d.getShort(2 * i) & 0xffff; }
            case 40 + 'i' -> { for (int i = 0; i < n; i++) vox[i] = d.getInt(4 * i); }
            case 40 + 'u' -> { for (int i = 0; i < n; i++) vox[i] = d.getInt(4 * i) & 0xffffffffL; }
            case 40 + 'f' -> { for (int i = 0; i < n; i++) vox[i] = d.getFloat(4 * i); }
            case 80 + 'f' -> { for (int i = 0; i < n; i++) vox[i] = (float) d.getDouble(8 * i); }
            default -> { for (int i = 0; i < n; i++) vox[i] = d.getLong(8 * i); }
        }
        return done(input, g, vox, warnings, meta, type, encoding, progress);
    }

    /** Space directions and origin (or spacings) converted to LPS. */
    private static VolumeGeometry geometry(String name, Map<String, String> fields, int[] size, List<String> warnings, Map<String, String> meta) {
        double[][] lps = new double[3][4];
        String space = fields.containsKey("space") ? fields.get("space").toLowerCase(Locale.ROOT) : null;
        double[] flip = {1, 1, 1};
        if (space != null) {
            switch (space) {
                case "left-posterior-superior", "lps" -> { }
                case "right-anterior-superior", "ras" -> { flip[0] = -1; flip[1] = -1; }
                case "left-anterior-superior", "las" -> flip[1] = -1;
                default -> throw new VolumeFormatException(name, "unsupported NRRD space '" + NrrdHeader.printable(space) + "'");
            }
            meta.put("space", space);
        }
        String dirs = fields.get("space directions");
        if (dirs != null) {
            List<double[]> vecs = parseVectors(name, dirs);
            if (vecs.size() != 3) {
                throw new VolumeFormatException(name, "space directions has " + vecs.size() + " vectors, need 3");
            }
            for (int a = 0; a < 3; a++) {
                double[] v = vecs.get(a);
                if (v == null || v.length != 3) {
                    throw new VolumeFormatException(name, "space direction " + a + " is not a 3-vector");
                }
                for (int r = 0; r < 3; r++) {
                    lps[r][a] = flip[r] * v[r];
                }
            }
            String org = fields.get("space origin");
            if (org != null) {
                List<double[]> o = parseVectors(name, org);
                if (o.size() != 1 || o.get(0) == null || o.get(0).length != 3) {
                    throw new VolumeFormatException(name, "space origin is not a 3-vector: " + NrrdHeader.printable(org));
                }
                for (int r = 0; r < 3; r++) {
                    lps[r][3] = flip[r] * o.get(0)[r];
                }
            } else {
                warnings.add("no space origin: origin 0");
            }
        } else {
            String spacings = fields.get("spacings");
            double[] s = {1, 1, 1};
            if (spacings != null) {
                String[] p = spacings.split("\\s+");
                for (int a = 0; a < 3 && a < p.length; a++) {
                    s[a] = parseDouble(name, p[a]);
                }
            } else {
                warnings.add("no space directions or spacings: unit spacing");
            }
            for (int a = 0; a < 3; a++) {
                lps[a][a] = s[a];
            }
            warnings.add("no space directions: identity orientation assumed");
        }
        try {
            return Geometry.fromAffine(size, lps);
        } catch (IllegalArgumentException e) {
            throw new VolumeFormatException(name, "bad geometry: " + e.getMessage(), e);
        }
    }

    private static LoadedVolume done(Path input, VolumeGeometry g, float[] vox, List<String> warnings, Map<String, String> meta,
            String type, String encoding, Progress progress) {
        meta.put("type", type);
        meta.put("encoding", encoding);
        progress.setProgress(1, null);
        return new LoadedVolume(new Volume(g, vox), null, input.toString(), "NRRD " + type + " " + encoding, warnings, meta);
    }

    static int parseInt(String name, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new VolumeFormatException(name, "not an integer: '" + NrrdHeader.printable(s) + "'");
        }
    }

    static double parseDouble(String name, String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new VolumeFormatException(name, "not a number: '" + NrrdHeader.printable(s) + "'");
        }
    }

    /** Parses "(a,b,c) (d,e,f) none ..." into vectors (null for none). */
    static List<double[]> parseVectors(String name, String s) {
        List<double[]> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                int e = s.indexOf(')', i);
                if (e < 0) {
                    throw new VolumeFormatException(name, "unclosed vector in '" + s + "'");
                }
                String[] p = s.substring(i + 1, e).split(",");
                double[] v = new double[p.length];
                for (int k = 0; k < p.length; k++) {
                    v[k] = parseDouble(name, p[k]);
                }
                out.add(v);
                i = e + 1;
            } else if (s.startsWith("none", i)) {
                out.add(null);
                i += 4;
            } else {
                throw new VolumeFormatException(name, "malformed vector list '" + s + "'");
            }
        }
        return out;
    }
}
