package org.covidmtl.volume.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.api.volume.VolumeReader;

/**
 * NRRD reader (attached or detached data, raw/gzip/ascii encodings, space directions and origin).
 * RAS, LPS and LAS spaces (and their long names) are converted to LPS.
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
        byte[] all;
        try {
            all = Files.readAllBytes(input);
        } catch (IOException e) {
            throw new VolumeFormatException(name, "cannot read: " + e, e);
        }
        progress.setProgress(0, "reading " + input.getFileName());
        if (all.length < 8 || !new String(all, 0, 7, StandardCharsets.US_ASCII).equals("NRRD000")) {
            throw new VolumeFormatException(name, "wrong magic: not a NRRD file");
        }
        // header: lines until an empty line
        Map<String, String> fields = new LinkedHashMap<>();
        int pos = 0;
        int lineNo = 0;
        while (true) {
            int end = pos;
            while (end < all.length && all[end] != '\n') {
                end++;
            }
            if (end >= all.length && lineNo > 0 && end == pos) {
                break; // header ends at EOF (detached data)
            }
            String line = new String(all, pos, end - pos, StandardCharsets.ISO_8859_1);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = Math.min(all.length, end + 1);
            lineNo++;
            if (lineNo == 1) {
                continue;
            }
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith("#")) {
                continue;
            }
            int kv = line.indexOf(":=");
            if (kv >= 0) {
                continue; // key/value pairs
            }
            int c = line.indexOf(": ");
            if (c < 0) {
                throw new VolumeFormatException(name, "malformed header line " + lineNo + ": '" + line + "'");
            }
            fields.put(line.substring(0, c).trim().toLowerCase(Locale.ROOT), line.substring(c + 2).trim());
            if (end >= all.length) {
                break;
            }
        }
        List<String> warnings = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        int dim = parseInt(name, req(name, fields, "dimension"));
        if (dim != 3) {
            throw new VolumeFormatException(name, "only 3-D NRRD is supported, dimension is " + dim);
        }
        String[] sz = req(name, fields, "sizes").split("\\s+");
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
        String type = req(name, fields, "type").toLowerCase(Locale.ROOT);
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
            default -> throw new VolumeFormatException(name, "unsupported NRRD type '" + type + "'");
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        String endian = fields.get("endian");
        if (endian != null && endian.equalsIgnoreCase("big")) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (bytes > 1 && endian == null) {
            warnings.add("no endian field: assuming little");
        }
        String encoding = req(name, fields, "encoding").toLowerCase(Locale.ROOT);
        // geometry
        double[][] lps = new double[3][4];
        String space = fields.containsKey("space") ? fields.get("space").toLowerCase(Locale.ROOT) : null;
        double[] flip = {1, 1, 1};
        if (space != null) {
            switch (space) {
                case "left-posterior-superior", "lps" -> { }
                case "right-anterior-superior", "ras" -> { flip[0] = -1; flip[1] = -1; }
                case "left-anterior-superior", "las" -> flip[1] = -1;
                default -> throw new VolumeFormatException(name, "unsupported NRRD space '" + space + "'");
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
                    throw new VolumeFormatException(name, "space origin is not a 3-vector: " + org);
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
        VolumeGeometry g;
        try {
            g = Geometry.fromAffine(size, lps);
        } catch (IllegalArgumentException e) {
            throw new VolumeFormatException(name, "bad geometry: " + e.getMessage(), e);
        }
        // data
        long nvox = (long) size[0] * size[1] * size[2];
        byte[] payload;
        String dataFile = fields.containsKey("data file") ? fields.get("data file") : fields.get("datafile");
        int start = pos;
        byte[] src = all;
        if (dataFile != null) {
            Path df = input.resolveSibling(dataFile);
            try {
                src = Files.readAllBytes(df);
            } catch (IOException e) {
                throw new VolumeFormatException(name, "cannot read detached data file " + df + ": " + e, e);
            }
            start = 0;
        }
        String skip = fields.get("byte skip");
        if (skip != null) {
            int s = parseInt(name, skip);
            if (s < 0) {
                throw new VolumeFormatException(name, "byte skip -1 is not supported");
            }
            start += s;
        }
        progress.checkCanceled();
        long need = nvox * bytes;
        try {
            switch (encoding) {
                case "raw" -> payload = src;
                case "gzip", "gz" -> {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(src, start, src.length - start), 1 << 16)) {
                        payload = in.readNBytes((int) Math.min(need, Integer.MAX_VALUE));
                    }
                    start = 0;
                }
                case "ascii", "text", "txt" -> {
                    String[] t = new String(src, start, src.length - start, StandardCharsets.US_ASCII).trim().split("[\\s,]+");
                    if (t.length < nvox) {
                        throw new VolumeFormatException(name, "truncated: " + t.length + " ascii values for " + nvox + " voxels");
                    }
                    float[] vox = new float[(int) nvox];
                    for (int i = 0; i < nvox; i++) {
                        vox[i] = (float) parseDouble(name, t[i]);
                    }
                    return done(input, g, vox, warnings, meta, type, encoding, progress);
                }
                default -> throw new VolumeFormatException(name, "unsupported NRRD encoding '" + encoding + "'");
            }
        } catch (IOException e) {
            throw new VolumeFormatException(name, "corrupt or truncated gzip data: " + e.getMessage(), e);
        }
        if (payload.length - start < need) {
            throw new VolumeFormatException(name, "truncated: data needs " + need + " bytes, found " + (payload.length - start));
        }
        ByteBuffer d = ByteBuffer.wrap(payload, start, (int) need).slice().order(order);
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

    private static LoadedVolume done(Path input, VolumeGeometry g, float[] vox, List<String> warnings, Map<String, String> meta,
            String type, String encoding, Progress progress) {
        meta.put("type", type);
        meta.put("encoding", encoding);
        progress.setProgress(1, null);
        return new LoadedVolume(new Volume(g, vox), null, input.toString(), "NRRD " + type + " " + encoding, warnings, meta);
    }

    private static String req(String name, Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null) {
            throw new VolumeFormatException(name, "NRRD header has no '" + key + "' field");
        }
        return v;
    }

    private static int parseInt(String name, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new VolumeFormatException(name, "not an integer: '" + s + "'");
        }
    }

    private static double parseDouble(String name, String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new VolumeFormatException(name, "not a number: '" + s + "'");
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
