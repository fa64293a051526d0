package org.covidmtl.volume.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Assumptions;

/** Shared reference data (system property covidmtl.shared) and a minimal .npy reader. */
final class TestData {
    private TestData() {
    }

    static Path shared() {
        String p = System.getProperty("covidmtl.shared");
        Path root = p != null ? Paths.get(p) : Paths.get("../../../../shared");
        Assumptions.assumeTrue(Files.isDirectory(root), "shared data not found at " + root);
        return root.toAbsolutePath().normalize();
    }

    static Path data(String rel) {
        Path f = shared().resolve("data").resolve(rel);
        if (!Files.exists(f)) {
            throw new IllegalStateException("missing reference file " + f);
        }
        return f;
    }

    /** A .npy array (version 1/2/3, C order, little-endian ints/uints/floats) as doubles, with its shape. */
    record Npy(int[] shape, double[] data, String dtype) {
    }

    static Npy readNpy(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || !new String(b, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException("not a .npy file: " + p);
        }
        int major = b[6];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int hlen = major == 1 ? bb.getShort(8) & 0xffff : bb.getInt(8);
        int start = (major == 1 ? 10 : 12);
        String header = new String(b, start, hlen, StandardCharsets.ISO_8859_1);
        String descr = header.replaceAll("(?s).*'descr':\\s*'([^']*)'.*", "$1");
        if (header.contains("'fortran_order': True")) {
            throw new IOException("fortran order not supported");
        }
        String shapeS = header.replaceAll("(?s).*'shape':\\s*\\(([^)]*)\\).*", "$1").trim();
        String[] parts = shapeS.isEmpty() ? new String[0] : shapeS.split("\\s*,\\s*");
        int n = 0;
        for (String s : parts) {
            if (!s.isEmpty()) {
                n++;
            }
        }
        int[] shape = new int[n];
        long count = 1;
        int k = 0;
        for (String s : parts) {
            if (!s.isEmpty()) {
                shape[k] = Integer.parseInt(s.trim());
                count *= shape[k++];
            }
        }
        ByteBuffer d = ByteBuffer.wrap(b, start + hlen, b.length - start - hlen).slice();
        d.order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        String t = descr.substring(1);
        double[] out = new double[(int) count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (t) {
                case "u1" -> d.get(i) & 0xff;
                case "i1" -> d.get(i);
                case "u2" -> d.getShort(2 * i) & 0xffff;
                case "i2" -> d.getShort(2 * i);
                case "u4" -> d.getInt(4 * i) & 0xffffffffL;
                case "i4" -> d.getInt(4 * i);
                case "i8" -> d.getLong(8 * i);
                case "f4" -> d.getFloat(4 * i);
                case "f8" -> d.getDouble(8 * i);
                default -> throw new IOException("unsupported dtype " + descr);
            };
        }
        return new Npy(shape, out, descr);
    }

    /** Fast element-wise comparison (AssertJ's containsExactly is quadratic on large arrays). */
    static void assertSameVoxels(float[] actual, float[] expected, double tol) {
        if (actual.length != expected.length) {
            throw new AssertionError("length " + actual.length + " != " + expected.length);
        }
        int bad = 0;
        int first = -1;
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                if (first < 0) {
                    first = i;
                }
                bad++;
            }
        }
        if (bad > 0) {
            throw new AssertionError(bad + " voxels differ; first at " + first + ": " + actual[first] + " != " + expected[first]);
        }
    }
}
