package org.covidmtl.volume.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.covidmtl.api.volume.VolumeFormatException;

/**
 * Where a NRRD file's data is, and reading exactly the declared amount of it: the bytes after the header or a
 * detached data file (a regular file: not /dev/zero, not a folder), from {@code byte skip} on; raw, gzip (which must
 * inflate to the declared size) or ascii.
 *
 * @param name the header file, named in every error
 * @param file the file holding the data
 * @param start where the data starts in it
 */
record NrrdData(String name, Path file, long start) {

    static NrrdData locate(String name, Path input, NrrdHeader h) {
        String dataFile = h.fields().containsKey("data file") ? h.fields().get("data file") : h.fields().get("datafile");
        Path file = input;
        long start = h.length();
        if (dataFile != null) {
            if (dataFile.equals("LIST") || dataFile.matches(".*%.*\\s+-?\\d+\\s+-?\\d+.*")) {
                throw new VolumeFormatException(name, "data split over several files ('" + NrrdHeader.printable(dataFile) + "') is not supported");
            }
            try {
                file = input.resolveSibling(dataFile);
            } catch (InvalidPathException e) {
                throw new VolumeFormatException(name, "data file '" + NrrdHeader.printable(dataFile) + "' is not a path: " + e.getReason(), e);
            }
            BoundedRead.requireRegularFile(name, file);
            start = 0;
        }
        String skip = h.fields().get("byte skip");
        if (skip != null) {
            long s;
            try {
                s = Long.parseLong(skip.trim());
            } catch (NumberFormatException e) {
                throw new VolumeFormatException(name, "byte skip is not an integer: '" + NrrdHeader.printable(skip) + "'");
            }
            if (s < 0) {
                throw new VolumeFormatException(name, "byte skip " + s + " is not supported");
            }
            start = Limits.sum(name, start, s);
        }
        return new NrrdData(name, file, start);
    }

    private String where() {
        return file.toString().equals(name) ? "the file" : "data file " + file;
    }

    byte[] raw(long need) {
        return BoundedRead.file(name, file, start, need, "data");
    }

    byte[] gzip(long need, List<String> warnings) {
        try (FileChannel ch = FileChannel.open(file)) {
            if (start >= ch.size()) {
                throw new VolumeFormatException(name, "truncated: no gzip data at byte " + start + " of " + where() + " (" + ch.size() + " bytes)");
            }
            ch.position(start);
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16), 1 << 16)) {
                byte[] b = BoundedRead.exactly(name, in, need, "data");
                int extra = BoundedRead.end(name, in, need);
                if (extra > 0) {
                    warnings.add(extra + " bytes after the data ignored");
                }
                return b;
            }
        } catch (EOFException | ZipException e) {
            throw new VolumeFormatException(name, "corrupt or truncated gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VolumeFormatException(name, "cannot read " + where() + ": " + e.getMessage(), e);
        }
    }

    /** {@code nvox} numbers separated by white space or commas (more are ignored). */
    float[] ascii(long nvox) {
        long size = IoUtil.size(name, file);
        byte[] text = BoundedRead.file(name, file, start, Math.max(0, size - start), "ascii data");
        float[] vox = new float[(int) nvox];
        int n = 0;
        int p = 0;
        while (n < nvox) {
            while (p < text.length && separator(text[p])) {
                p++;
            }
            if (p >= text.length) {
                throw new VolumeFormatException(name, "truncated: " + n + " ascii values for " + nvox + " voxels");
            }
            int e = p;
            while (e < text.length && !separator(text[e])) {
                e++;
            }
            vox[n++] = (float) NrrdReader.parseDouble(name, new String(text, p, e - p, java.nio.charset.StandardCharsets.ISO_8859_1));
            p = e;
        }
        return vox;
    }

    private static boolean separator(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == ',' || b == '\f';
    }
}
