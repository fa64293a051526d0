package org.covidmtl.volume.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.covidmtl.api.volume.VolumeFormatException;

/**
 * Reads data whose size a header declared, and never more: a stretch of a regular file checked against the file's
 * size first, or the declared bytes of a compressed stream, which must then end (within {@link #SLACK} bytes).
 * A stream that inflates to less is truncated; one that inflates to more is refused, so a small file cannot make
 * a reader inflate gigabytes (a decompression bomb).
 */
public final class BoundedRead {
    /** How many bytes a compressed stream may inflate to beyond the declared size (padding some writers add). */
    public static final int SLACK = 1 << 16;

    private BoundedRead() {
    }

    /** Bytes {@code [offset, offset + n)} of a regular file; a typed error when the file is shorter or they do not fit the heap. */
    public static byte[] file(String input, Path file, long offset, long n, String what) {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            if (offset > size || n > size - offset) {
                throw new VolumeFormatException(input, "truncated: " + what + " needs " + n + " bytes at byte " + offset + ", "
                        + file.getFileName() + " has " + size);
            }
            if (n > Limits.MAX_ARRAY) {
                throw new VolumeFormatException(input, "too large: " + what + " of " + n + " bytes is more than one Java array holds");
            }
            Limits.checkMemory(input, 0, n);
            ByteBuffer b = ByteBuffer.allocate((int) n);
            long pos = offset;
            while (b.hasRemaining()) {
                int r = ch.read(b, pos);
                if (r < 0) {
                    throw new VolumeFormatException(input, "truncated: " + file.getFileName() + " ended at byte " + pos);
                }
                pos += r;
            }
            return b.array();
        } catch (IOException e) {
            throw new VolumeFormatException(input, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Exactly {@code n} bytes of a (decompressing) stream: a typed error when it ends sooner. */
    public static byte[] exactly(String input, InputStream in, long n, String what) throws IOException {
        if (n > Limits.MAX_ARRAY) {
            throw new VolumeFormatException(input, "too large: " + what + " of " + n + " bytes is more than one Java array holds");
        }
        byte[] b = in.readNBytes((int) n);
        if (b.length < n) {
            throw new VolumeFormatException(input, "truncated: " + what + " needs " + n + " bytes, the data ends after " + b.length);
        }
        return b;
    }

    /**
     * After the declared bytes of a compressed stream: the stream must end within {@link #SLACK} bytes.
     *
     * @return how many bytes followed (0 for an exact stream)
     */
    public static int end(String input, InputStream in, long declared) throws IOException {
        int extra = in.readNBytes(new byte[SLACK + 1], 0, SLACK + 1);
        if (extra > SLACK) {
            throw new VolumeFormatException(input, "decompresses to more than the " + declared + " bytes its header declares"
                    + " (read stopped " + SLACK + " bytes past them: a decompression bomb or a wrong header)");
        }
        return extra;
    }

    /** A typed error unless {@code p} is an existing regular file (not a folder, device or pipe). */
    public static void requireRegularFile(String input, Path p) {
        if (!Files.exists(p)) {
            throw new VolumeFormatException(input, (p.toString().equals(input) ? "" : p + ": ") + "no such file or folder");
        }
        if (!Files.isRegularFile(p)) {
            throw new VolumeFormatException(input, (p.toString().equals(input) ? "" : p + ": ") + "not a regular file");
        }
    }
}
