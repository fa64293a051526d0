package org.covidmtl.volume.io.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * NRRD cases from real files, re-encoded raw, gzip, ascii or detached: header fields set to boundary values
 * (sizes whose product overflows, dimension, type, encoding, endian, space directions and origin), {@code byte skip}
 * before the start or past the end, {@code data file} pointing at /dev/zero, /dev/urandom, a folder, the file
 * itself or nothing, format-blind byte changes, and gzip bombs.
 */
final class NrrdTarget extends Target {
    private static final String[][] FIELDS = {
            {"sizes", "2147483647 2147483647 2147483647", "2000000000 2000000000 2000000000", "-1 1 1", "0 1 1", "4294967296 1 1",
                    "65535 65535 65535", "82 67", "82 67 13 1", "x y z", "46341 46341 1", "1 1 1", "1024 1024 1024", ""},
            {"dimension", "2", "4", "0", "-3", "2147483648", "3.0"},
            {"type", "block", "float", "double", "uchar", "int64", "uint64", "bogus", ""},
            {"encoding", "raw", "gzip", "ascii", "bzip2", "hex", "txt"},
            {"endian", "big", "middle"},
            {"space directions", "(NaN,0,0) (0,1,0) (0,0,1)", "(1e308,1e308,1e308) (0,1,0) (0,0,1)", "(0,0,0) (0,0,0) (0,0,0)",
                    "none (1,0,0) (0,1,0)", "(1,0) (0,1) (0,0)", "((((", "", "(1,0,0) (0,1,0) (0,0,1) (1,1,1)", "(1,0,0 (0,1,0) (0,0,1)"},
            {"space origin", "(NaN,0,0)", "(1,2)", "(inf,0,0)", "none", "(1e400,0,0)"},
            {"space", "scanner-xyz", "3D-right-handed", "", "RAS"},
            {"spacings", "0 0 0", "NaN 1 1", "-1 1 1", "1e-320 1 1"},
            {"kinds", "domain", "", "list domain domain"}};

    /** A seed: header lines (magic first) and the decoded (raw) payload. */
    private record Seed(String name, List<String> header, byte[] raw) {
    }

    private final List<String> seeds = List.of("pyradiomics/data/breast1_label.nrrd", "pyradiomics/data/prostate_phantom_subvolume-label.nrrd",
            "pyradiomics/data/prostate_phantom_subvolume.nrrd");

    NrrdTarget() {
        super("nrrd", "nrrd", 1);
    }

    private static Seed load(String rel) throws IOException {
        byte[] all = Files.readAllBytes(Target.shared(rel));
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\n\n");
        List<String> header = new ArrayList<>(Arrays.asList(text.substring(0, end).split("\n")));
        byte[] raw = Compression.gunzip(Arrays.copyOfRange(all, end + 2, all.length));
        return new Seed(rel, header, raw);
    }

    private static void set(List<String> header, String key, String value) {
        for (int i = 1; i < header.size(); i++) {
            if (header.get(i).startsWith(key + ":")) {
                header.set(i, key + ": " + value);
                return;
            }
        }
        header.add(key + ": " + value);
    }

    private static byte[] assemble(List<String> header, byte[] payload) {
        byte[] h = (String.join("\n", header) + "\n\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(h, h.length + payload.length);
        System.arraycopy(payload, 0, out, h.length, payload.length);
        return out;
    }

    @Override
    FuzzCase make(Random r, int index, Path dir) throws IOException {
        Seed s = load(seeds.get(r.nextInt(seeds.size())));
        List<String> h = new ArrayList<>(s.header());
        List<String> what = new ArrayList<>();
        // the encoding the case starts from
        byte[] payload;
        int enc = r.nextInt(s.raw().length < 200_000 ? 4 : 3);
        switch (enc) {
            case 0 -> payload = Compression.gzip(s.raw());
            case 1 -> {
                set(h, "encoding", "raw");
                payload = s.raw();
            }
            case 2 -> {
                set(h, "encoding", "raw");
                Files.write(dir.resolve("case.raw"), s.raw());
                set(h, "data file", "case.raw");
                payload = new byte[0];
            }
            default -> {
                set(h, "encoding", "ascii");
                payload = ascii(h, s.raw());
            }
        }
        what.add(List.of("gzip", "raw", "detached raw", "ascii").get(enc));
        int k = r.nextInt(20);
        if (k < 8) {
            int n = 1 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                String[] f = FIELDS[r.nextInt(FIELDS.length)];
                String v = f[1 + r.nextInt(f.length - 1)];
                set(h, f[0], v);
                what.add(f[0] + ": " + v);
            }
        } else if (k < 9) {
            int line = 1 + r.nextInt(h.size() - 1);
            what.add("line removed: " + h.remove(line));
        } else if (k < 10) {
            h.add(r.nextBoolean() ? "garbage line without a colon" : "sizes: 1 1 1");
            what.add("extra line " + h.get(h.size() - 1));
        } else if (k < 12) {
            String v = ByteMutator.pick(r, "/dev/zero", "/dev/urandom", "/dev/null", "nonexistent.raw", ".", "..", "case.nrrd", "LIST",
                    "../../../../../../../../etc/hostname", "data\0file", "case%03d.raw 1 3 1");
            set(h, "data file", v);
            what.add("data file: " + v.replace("\0", "\\0"));
            payload = new byte[0];
        } else if (k < 14) {
            int len = enc == 2 ? s.raw().length : payload.length;
            String v = ByteMutator.pick(r, "-1", "-2", "2147483647", Integer.toString(len), Integer.toString(len + 1), "1", "99999999999");
            set(h, "byte skip", v);
            what.add("byte skip: " + v);
        } else if (k < 16) {
            set(h, "encoding", "gzip");
            h.removeIf(l -> l.startsWith("data file:"));
            payload = Compression.gzipBomb(s.raw(), 32);
            what.add("gzip bomb: " + s.raw().length + " bytes then 2 GiB of zeros");
        } else {
            byte[] file = assemble(h, payload);
            int headerLength = file.length - payload.length;
            return Target.file(this, s.name(), dir, "case.nrrd", ByteMutator.mutate(file, r, headerLength, what), what, Map.of());
        }
        return Target.file(this, s.name(), dir, "case.nrrd", assemble(h, payload), what, Map.of());
    }

    /** The payload as whitespace-separated numbers in the header's type. */
    private static byte[] ascii(List<String> header, byte[] raw) {
        String type = header.stream().filter(l -> l.startsWith("type:")).findFirst().orElse("type: short").substring(5).trim();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        StringBuilder sb = new StringBuilder();
        boolean unsigned = type.startsWith("unsigned") || type.startsWith("u");
        for (int i = 0; i + 1 < raw.length; i += 2) {
            sb.append(unsigned ? b.getShort(i) & 0xffff : b.getShort(i)).append(i % 64 == 62 ? '\n' : ' ');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
