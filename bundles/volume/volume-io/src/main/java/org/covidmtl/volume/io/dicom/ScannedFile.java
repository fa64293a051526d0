package org.covidmtl.volume.io.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;

/**
 * One file's scan: not DICOM, unreadable ({@code error}), or its structure walked ({@link DicomPreflight}: every
 * length fits, so PixelMed allocates nothing the file cannot hold) and its header read by PixelMed up to Pixel Data,
 * with PixelMed's console output dropped and whatever it throws, errors included, kept as the file's error. The file
 * is opened once for the magic and the walk; PixelMed reads the header bytes the walk located from memory (for a
 * file with the DICM preamble and a header up to {@link #HEADER_IN_MEMORY}), so the walk costs no second open.
 *
 * @param list the header attributes
 * @param stop where PixelMed's read stopped
 * @param facts what the walk found out about the pixel data
 */
record ScannedFile(boolean dicom, AttributeList list, long stop, DicomPreflight.Facts facts, Throwable error) {
    /** The largest header (file meta information and data set up to Pixel Data) read from memory. */
    static final int HEADER_IN_MEMORY = 1 << 20;

    /** The first (up to) {@code n} bytes of the file. */
    private static byte[] bytes(FileChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // positional reads until full or at the end
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    static ScannedFile read(Path p) {
        DicomPreflight.Facts facts;
        byte[] header = null;
        try (FileChannel ch = FileChannel.open(p)) {
            if (!DicomSeriesReader.looksLikeDicom(bytes(ch, 512))) {
                return new ScannedFile(false, null, -1, null, null);
            }
            facts = DicomPreflight.check(p.toString(), ch);
            if (facts.headerEnd() > 0 && facts.headerEnd() <= HEADER_IN_MEMORY) {
                header = bytes(ch, (int) facts.headerEnd());
            }
        } catch (IOException e) {
            return new ScannedFile(false, null, -1, null, null);
        } catch (RuntimeException e) {
            return new ScannedFile(true, null, -1, null, e);
        }
        byte[] h = header;
        try {
            AttributeList l = new AttributeList();
            // the header PixelMed reads is the one just walked: from memory when it was small, else from the file
            long stop = Mute.call(() -> h != null ? l.read(new DicomInputStream(new ByteArrayInputStream(h)), TagFromName.PixelData)
                    : l.read(p.toFile(), TagFromName.PixelData));
            return new ScannedFile(true, l, stop, facts, null);
        } catch (Exception | Error e) {
            return new ScannedFile(true, null, -1, null, e);
        }
    }
}
