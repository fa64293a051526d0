package org.covidmtl.volume.io.dicom;

import java.nio.file.Path;

import org.covidmtl.api.volume.VolumeFormatException;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;

/** Decodes the pixel data of one DICOM file (any transfer syntax PixelMed and the registered codecs handle). */
final class PixelDecoder {
    private PixelDecoder() {
    }

    /** Stored values of every frame (bits-stored masked, sign-extended when signed). */
    record Decoded(String transferSyntax, int rows, int cols, int frames, int[][] values, Integer padding, Integer paddingLimit,
            int bitsStored, boolean signed) {
        int[] frame(int f) {
            return values[f];
        }

        boolean isPadding(int v) {
            if (padding == null) {
                return false;
            }
            if (paddingLimit == null) {
                return v == padding;
            }
            return v >= Math.min(padding, paddingLimit) && v <= Math.max(padding, paddingLimit);
        }
    }

    /** Transfer syntaxes decoded here rather than by PixelMed's ImageIO path: JPEG-LS lossless and near-lossless. */
    static final java.util.Set<String> OWN_CODEC = java.util.Set.of("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
            "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.53", "1.2.840.10008.1.2.4.55");
    static final java.util.Set<String> JPEG_LS = java.util.Set.of("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81");

    private static void decodeOwn(String name, String ts, Attribute pd, int rows, int cols, int frames, int[][] out) {
        byte[][] fragments;
        try {
            if (pd instanceof com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames m) {
                fragments = m.getFrames();
            } else {
                fragments = new byte[][] {pd.getByteValues()};
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new VolumeFormatException(name, "cannot read compressed frames: " + e.getMessage(), e);
        }
        if (fragments == null || fragments.length < frames) {
            // PixelMed does not know every (retired) JPEG transfer syntax: parse the encapsulated items ourselves
            fragments = Encapsulated.frames(java.nio.file.Path.of(name), frames);
        }
        if (fragments == null || fragments.length < frames) {
            throw new VolumeFormatException(name, "compressed pixel data has " + (fragments == null ? 0 : fragments.length) + " frames, need " + frames);
        }
        for (int f = 0; f < frames; f++) {
            int w;
            int h;
            int[] samples;
            String codec = JPEG_LS.contains(ts) ? "JPEG-LS" : "JPEG";
            try {
                if (JPEG_LS.contains(ts)) {
                    JpegLsDecoder.Image img = JpegLsDecoder.decode(fragments[f]);
                    w = img.width();
                    h = img.height();
                    samples = img.samples();
                } else {
                    JpegDctDecoder.Image img = JpegDctDecoder.decode(fragments[f]);
                    w = img.width();
                    h = img.height();
                    samples = img.samples();
                }
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new VolumeFormatException(name, "cannot decode " + codec + " frame " + f + ": " + e.getMessage(), e);
            }
            if (w != cols || h != rows) {
                throw new VolumeFormatException(name, codec + " frame " + f + " is " + w + "x" + h + ", header says " + cols + "x" + rows);
            }
            out[f] = samples;
        }
    }

    static Decoded decode(Path p) {
        return decode(p, "");
    }

    /** @param knownTs the transfer syntax from an earlier header read, or "" to read it here */
    static Decoded decode(Path p, String knownTs) {
        Dicom.registerCodecs();
        String name = p.toString();
        AttributeList l = new AttributeList();
        String ts;
        boolean own;
        try {
            if (knownTs == null || knownTs.isEmpty()) {
                AttributeList meta = new AttributeList();
                meta.readOnlyMetaInformationHeader(p.toFile());
                ts = Dicom.str(meta, TagFromName.TransferSyntaxUID);
            } else {
                ts = knownTs;
            }
            own = OWN_CODEC.contains(ts);
            if (own) {
                l.setDecompressPixelData(false);
            }
            l.read(p.toFile());
        } catch (Exception | LinkageError e) {
            throw new VolumeFormatException(name, "cannot decode: " + e.getMessage(), e);
        }
        if (ts.isEmpty()) {
            ts = Dicom.str(l, TagFromName.TransferSyntaxUID);
        }
        Attribute pd = l.getPixelData();
        if (pd == null) {
            throw new VolumeFormatException(name, "no pixel data (absent, or the file is truncated)" + (ts.isEmpty() ? "" : "; transfer syntax " + ts));
        }
        int rows = Dicom.integer(l, TagFromName.Rows, 0);
        int cols = Dicom.integer(l, TagFromName.Columns, 0);
        int frames = Math.max(1, Dicom.integer(l, TagFromName.NumberOfFrames, 1));
        int spp = Dicom.integer(l, TagFromName.SamplesPerPixel, 1);
        int bitsAllocated = Dicom.integer(l, TagFromName.BitsAllocated, 16);
        int bitsStored = Dicom.integer(l, TagFromName.BitsStored, bitsAllocated);
        boolean signed = Dicom.integer(l, TagFromName.PixelRepresentation, 0) == 1;
        String pi = Dicom.str(l, TagFromName.PhotometricInterpretation);
        if (rows <= 0 || cols <= 0) {
            throw new VolumeFormatException(name, "bad image size " + cols + "x" + rows);
        }
        if (spp != 1 || !(pi.isEmpty() || pi.startsWith("MONOCHROME"))) {
            throw new VolumeFormatException(name, "colour images are not supported (" + pi + ", " + spp + " samples per pixel)");
        }
        int plane = rows * cols;
        long need = (long) plane * frames;
        int[][] out = new int[frames][plane];
        if (own && pd != null) {
            decodeOwn(name, ts, pd, rows, cols, frames, out);
            int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
            int shift = 32 - bitsStored;
            for (int[] fr : out) {
                for (int i = 0; i < plane; i++) {
                    int v = fr[i] & mask;
                    fr[i] = signed ? (v << shift) >> shift : v;
                }
            }
        } else try {
            if (pd instanceof OtherByteAttribute || bitsAllocated == 8) {
                byte[] b = pd.getByteValues();
                if (b == null || b.length < need) {
                    throw new VolumeFormatException(name, "truncated pixel data: " + (b == null ? 0 : b.length) + " of " + need + " bytes");
                }
                boolean s8 = signed && bitsAllocated == 8;
                for (int f = 0; f < frames; f++) {
                    for (int i = 0; i < plane; i++) {
                        int v = b[f * plane + i];
                        out[f][i] = s8 ? v : v & 0xff;
                    }
                }
                bitsStored = Math.min(bitsStored, 8);
            } else if (bitsAllocated == 16) {
                short[] s = pd.getShortValues();
                if (s == null || s.length < need) {
                    throw new VolumeFormatException(name, "truncated pixel data: " + (s == null ? 0 : 2L * s.length) + " of " + 2 * need + " bytes");
                }
                int mask = bitsStored >= 16 ? 0xffff : (1 << bitsStored) - 1;
                int shift = 32 - bitsStored;
                for (int f = 0; f < frames; f++) {
                    for (int i = 0; i < plane; i++) {
                        int v = s[f * plane + i] & mask;
                        out[f][i] = signed ? (v << shift) >> shift : v;
                    }
                }
            } else if (bitsAllocated == 32) {
                int[] s = pd.getIntegerValues();
                if (s == null || s.length < need) {
                    throw new VolumeFormatException(name, "truncated pixel data");
                }
                for (int f = 0; f < frames; f++) {
                    System.arraycopy(s, f * plane, out[f], 0, plane);
                }
            } else {
                throw new VolumeFormatException(name, "unsupported BitsAllocated " + bitsAllocated);
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new VolumeFormatException(name, "cannot decode pixel data: " + e.getMessage(), e);
        }
        Integer padding = null;
        if (own) {
            bitsStored = Math.min(bitsStored, 32);
        }
        Integer limit = null;
        if (DicomSeriesReader.has(l, TagFromName.PixelPaddingValue)) {
            padding = padValue(l, TagFromName.PixelPaddingValue, signed, bitsStored);
            if (DicomSeriesReader.has(l, TagFromName.PixelPaddingRangeLimit)) {
                limit = padValue(l, TagFromName.PixelPaddingRangeLimit, signed, bitsStored);
            }
        }
        return new Decoded(ts, rows, cols, frames, out, padding, limit, bitsStored, signed);
    }

    private static int padValue(AttributeList l, com.pixelmed.dicom.AttributeTag t, boolean signed, int bitsStored) {
        int v = Attribute.getSingleIntegerValueOrDefault(l, t, 0);
        // US/SS are read unsigned by some writers: bring into the stored-value range
        if (signed && v > 32767) {
            v = (short) v;
        }
        return v;
    }
}
