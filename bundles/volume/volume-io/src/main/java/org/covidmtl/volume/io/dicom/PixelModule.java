package org.covidmtl.volume.io.dicom;

import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.volume.io.Limits;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;

/**
 * The image pixel module of a data set, checked against the pixel data the file holds before anything is allocated
 * for it: Rows × Columns within one array, Number of Frames a number the pixel data can hold (as many compressed
 * frames, or as many bytes), and, for decoding, grayscale samples of 8, 16 or 32 bits with 1 ≤ Bits Stored ≤ Bits
 * Allocated.
 */
record PixelModule(int rows, int cols, int frames, int samplesPerPixel, int bitsAllocated, int bitsStored, boolean signed,
        String photometric, Integer padding, Integer paddingLimit) {

    /** The module of {@code l}; {@code facts} (may be null) says what pixel data the file holds. */
    static PixelModule of(String name, AttributeList l, DicomPreflight.Facts facts) {
        int rows = Dicom.integer(l, TagFromName.Rows, 0);
        int cols = Dicom.integer(l, TagFromName.Columns, 0);
        if (rows <= 0 || cols <= 0) {
            throw new VolumeFormatException(name, "bad image size " + cols + "x" + rows);
        }
        long plane = (long) rows * cols;
        if (plane > Limits.MAX_ARRAY) {
            throw new VolumeFormatException(name, "too large: " + cols + "x" + rows + " is more pixels than one Java array holds");
        }
        int frames = frames(name, l);
        int spp = Dicom.integer(l, TagFromName.SamplesPerPixel, 1);
        int bitsAllocated = Dicom.integer(l, TagFromName.BitsAllocated, 16);
        int bitsStored = Dicom.integer(l, TagFromName.BitsStored, bitsAllocated);
        boolean signed = Dicom.integer(l, TagFromName.PixelRepresentation, 0) == 1;
        Integer padding = null;
        Integer limit = null;
        if (DicomSeriesReader.has(l, TagFromName.PixelPaddingValue)) {
            padding = padValue(l, TagFromName.PixelPaddingValue, signed);
            if (DicomSeriesReader.has(l, TagFromName.PixelPaddingRangeLimit)) {
                limit = padValue(l, TagFromName.PixelPaddingRangeLimit, signed);
            }
        }
        PixelModule m = new PixelModule(rows, cols, frames, spp, bitsAllocated, bitsStored, signed, Dicom.str(l, TagFromName.PhotometricInterpretation),
                padding, limit);
        if (facts != null) {
            m.checkAgainst(name, facts);
        }
        return m;
    }

    private static int frames(String name, AttributeList l) {
        String s = Dicom.str(l, TagFromName.NumberOfFrames);
        if (s.isEmpty()) {
            return 1;
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new VolumeFormatException(name, "NumberOfFrames '" + s + "' is not an integer");
        }
        if (n > Integer.MAX_VALUE) {
            throw new VolumeFormatException(name, "NumberOfFrames " + n + " is not a frame count");
        }
        return (int) Math.max(1, n);
    }

    /** The frames must fit the pixel data: as many compressed frames, or as many bytes. */
    private void checkAgainst(String name, DicomPreflight.Facts facts) {
        if (facts.encapsulated()) {
            int fragments = facts.fragments().size() - 1;
            if (frames > Math.max(1, fragments)) {
                throw new VolumeFormatException(name, "NumberOfFrames is " + frames + " but the pixel data holds " + fragments + " fragments");
            }
        } else if (facts.pixelDataLength() >= 0 && bitsAllocated > 0) {
            long bits = Limits.product(name, "Rows × Columns × frames × samples × bits", rows, cols, frames, Math.max(1, samplesPerPixel),
                    bitsAllocated);
            long need = (bits + 7) / 8;
            if (need > facts.pixelDataLength()) {
                throw new VolumeFormatException(name, "pixel data holds " + facts.pixelDataLength() + " bytes; " + frames + " frame(s) of "
                        + cols + "x" + rows + " at " + bitsAllocated + " bits need " + need);
            }
        }
    }

    /** Grayscale samples of 8, 16 or 32 bits, of which 1 to all are stored. */
    void checkDecodable(String name) {
        if (samplesPerPixel != 1 || !(photometric.isEmpty() || photometric.startsWith("MONOCHROME"))) {
            throw new VolumeFormatException(name, "colour images are not supported (" + photometric + ", " + samplesPerPixel + " samples per pixel)");
        }
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new VolumeFormatException(name, "unsupported BitsAllocated " + bitsAllocated);
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new VolumeFormatException(name, "BitsStored " + bitsStored + " with BitsAllocated " + bitsAllocated);
        }
    }

    int plane() {
        return rows * cols;
    }

    long samples() {
        return (long) rows * cols * frames;
    }

    private static int padValue(AttributeList l, com.pixelmed.dicom.AttributeTag t, boolean signed) {
        int v = Attribute.getSingleIntegerValueOrDefault(l, t, 0);
        // US/SS are read unsigned by some writers: bring into the stored-value range
        if (signed && v > 32767) {
            v = (short) v;
        }
        return v;
    }
}
