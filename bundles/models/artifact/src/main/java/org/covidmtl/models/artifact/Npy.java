package org.covidmtl.models.artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.covidmtl.api.stage.StageException;

/**
 * Reader and writer of NumPy {@code .npy} files as PyTorch weights and prepared input tensors are saved: format version 1.0,
 * dtype {@code <f4} (float32 little endian), C order. Anything else is refused with a one-line
 * {@link StageException} naming the file.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A tensor read from a file: its shape and its values in C order. */
    public record Tensor(long[] shape, float[] data) {
        public Tensor {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** The number of values. */
        public int size() {
            return data.length;
        }
    }

    private Npy() {
    }

    /** Reads {@code file}; the shape and the data length are checked against each other. */
    public static Tensor read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StageException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new StageException(file.toString(), "not a .npy file (magic string missing)");
        }
        if (bytes[6] != 1 || bytes[7] != 0) {
            throw new StageException(file.toString(), "unsupported .npy version " + bytes[6] + "." + bytes[7]
                    + " (expected 1.0)");
        }
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        if (10 + headerLength > bytes.length) {
            throw new StageException(file.toString(), "truncated header");
        }
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        String descr = group(file, DESCR, header, "descr");
        if (!descr.equals("<f4")) {
            throw new StageException(file.toString(), "dtype " + descr + " (expected <f4, float32 little endian)");
        }
        if (group(file, ORDER, header, "fortran_order").equals("True")) {
            throw new StageException(file.toString(), "Fortran order (expected C order)");
        }
        long[] shape = parseShape(file, group(file, SHAPE, header, "shape"));
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        int offset = 10 + headerLength;
        if ((long) bytes.length - offset != count * 4) {
            throw new StageException(file.toString(), "data has " + (bytes.length - offset) + " bytes, shape "
                    + Arrays.toString(shape) + " needs " + count * 4);
        }
        float[] data = new float[(int) count];
        ByteBuffer.wrap(bytes, offset, bytes.length - offset).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Tensor(shape, data);
    }

    /**
     * Writes a float32 tensor as {@code .npy} v1.0, {@code <f4}, C order (what {@link #read} reads).
     *
     * @throws StageException naming the file when it cannot be written
     */
    public static void write(Path file, long[] shape, float[] data) {
        long count = 1;
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
            dims.append(dims.length() == 0 ? "" : ", ").append(d);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count + " values, has "
                    + data.length);
        }
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.asFloatBuffer().put(data);
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new StageException(file.toString(), "cannot write: " + e.getMessage(), e);
        }
    }

    private static String group(Path file, Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new StageException(file.toString(), "header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(Path file, String s) {
        String[] parts = s.split(",");
        long[] shape = new long[parts.length];
        int n = 0;
        for (String part : parts) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                shape[n++] = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new StageException(file.toString(), "bad shape (" + s + ")");
            }
        }
        return Arrays.copyOf(shape, n);
    }
}
