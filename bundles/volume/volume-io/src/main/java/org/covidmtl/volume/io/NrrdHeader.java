package org.covidmtl.volume.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.volume.VolumeFormatException;

/**
 * The header of a NRRD file: its fields (keys lower-cased; {@code key:=value} pairs and comments skipped) and where
 * the attached data starts. Only the head of the file is read: a header longer than {@link #MAX_LENGTH} is refused.
 *
 * @param fields field name to value
 * @param length bytes of the header including the blank line that ends it (the whole file for a detached header)
 */
record NrrdHeader(Map<String, String> fields, int length) {
    static final int MAX_LENGTH = 1 << 20;

    static NrrdHeader read(String name, Path input) {
        byte[] all;
        long size;
        try (InputStream in = Files.newInputStream(input)) {
            size = Files.size(input);
            all = in.readNBytes(MAX_LENGTH);
        } catch (IOException e) {
            throw new VolumeFormatException(name, "cannot read: " + e, e);
        }
        if (all.length < 8 || !new String(all, 0, 7, StandardCharsets.US_ASCII).equals("NRRD000")) {
            throw new VolumeFormatException(name, "wrong magic: not a NRRD file");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int pos = 0;
        int lineNo = 0;
        while (true) {
            int end = pos;
            while (end < all.length && all[end] != '\n') {
                end++;
            }
            if (end >= all.length && size > all.length) {
                throw new VolumeFormatException(name, "no end of the header within its first " + MAX_LENGTH + " bytes");
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
            if (lineNo == 1 || line.startsWith("#") || line.contains(":=")) {
                continue;
            }
            if (line.isEmpty()) {
                break;
            }
            int c = line.indexOf(": ");
            if (c < 0) {
                throw new VolumeFormatException(name, "malformed header line " + lineNo + ": '" + printable(line) + "'");
            }
            fields.put(line.substring(0, c).trim().toLowerCase(Locale.ROOT), line.substring(c + 2).trim());
            if (end >= all.length) {
                break;
            }
        }
        return new NrrdHeader(fields, pos);
    }

    /** The value of a required field. */
    String require(String name, String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new VolumeFormatException(name, "NRRD header has no '" + key + "' field");
        }
        return v;
    }

    static String printable(String s) {
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 80 ? p.substring(0, 80) + "…" : p;
    }
}
