package org.covidmtl.volume.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * A NIfTI-1 header (the first 348 bytes), checked: magic, dim[] (3-D), datatype against bitpix, vox_offset, and the
 * geometry (sform when its code is set, else qform, else pixdim; RAS converted to LPS). {@link #dataEnd} is where
 * the image data ends, computed without overflow, so that a reader knows what to read before it reads it.
 */
record NiftiHeader(ByteOrder order, int[] size, int datatype, int bytes, long voxOffset, long voxels, long dataEnd, float slope,
        float inter, VolumeGeometry geometry, String source) {

    static final int LENGTH = 348;

    /** Whether the stored values are scaled (slope and intercept finite, slope non-zero, not the identity). */
    boolean scaled() {
        return slope != 0 && Float.isFinite(slope) && Float.isFinite(inter) && (slope != 1 || inter != 0);
    }

    static NiftiHeader parse(String name, byte[] h, List<String> warnings) {
        if (h.length < LENGTH) {
            throw new VolumeFormatException(name, "truncated header: " + h.length + " of 348 bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != LENGTH) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != LENGTH) {
                throw new VolumeFormatException(name, "not NIfTI-1: sizeof_hdr is not 348");
            }
        }
        String magic = new String(h, 344, 3, StandardCharsets.US_ASCII);
        if (!magic.equals("n+1")) {
            if (magic.equals("ni1")) {
                throw new VolumeFormatException(name, "two-file NIfTI (.hdr/.img) is not supported");
            }
            throw new VolumeFormatException(name, "wrong NIfTI magic '" + magic.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        int[] size = size(name, b);
        int datatype = b.getShort(70);
        int bitpix = b.getShort(72);
        int bytes = switch (datatype) {
            case 2, 256 -> 1;
            case 4, 512 -> 2;
            case 8, 16, 768 -> 4;
            case 64, 1024, 1280 -> 8;
            default -> throw new VolumeFormatException(name, "unsupported NIfTI datatype " + datatype);
        };
        if (bitpix != 8 * bytes) {
            throw new VolumeFormatException(name, "inconsistent header: bitpix " + bitpix + " for datatype " + datatype);
        }
        float voxOffsetF = b.getFloat(108);
        long voxOffset = (long) voxOffsetF;
        if (!(voxOffsetF >= LENGTH) || voxOffset != voxOffsetF || voxOffset == Long.MAX_VALUE) {
            throw new VolumeFormatException(name, "inconsistent header: vox_offset " + voxOffsetF);
        }
        if (voxOffset < 352) {
            warnings.add("vox_offset " + voxOffset + " < 352 (no room for the extension flag)");
        }
        long voxels = Limits.product(name, "dim[1..3]", size[0], size[1], size[2]);
        long dataEnd = Limits.sum(name, voxOffset, Limits.product(name, "voxels × bytes", voxels, bytes));
        float[] pixdim = new float[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        int qcode = b.getShort(252);
        int scode = b.getShort(254);
        for (int a = 0; a < 3; a++) {
            if (!(Math.abs(pixdim[a + 1]) > 0) && scode <= 0) {
                throw new VolumeFormatException(name, "inconsistent header: pixdim[" + (a + 1) + "] = " + pixdim[a + 1]);
            }
        }
        double[][] ras;
        String source;
        if (scode > 0) {
            ras = new double[3][4];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    ras[r][c] = b.getFloat(280 + 16 * r + 4 * c);
                }
            }
            source = "sform(code " + scode + ")";
        } else if (qcode > 0) {
            ras = qform(b, pixdim);
            source = "qform(code " + qcode + ")";
        } else {
            ras = new double[3][4];
            for (int a = 0; a < 3; a++) {
                ras[a][a] = pixdim[a + 1];
            }
            source = "pixdim (no sform/qform)";
            warnings.add("no sform or qform: geometry from pixdim only (NIfTI method 1)");
        }
        // RAS -> LPS: negate the first two rows
        for (int c = 0; c < 4; c++) {
            ras[0][c] = -ras[0][c];
            ras[1][c] = -ras[1][c];
        }
        VolumeGeometry g;
        try {
            g = Geometry.fromAffine(size, ras);
        } catch (IllegalArgumentException e) {
            throw new VolumeFormatException(name, "inconsistent header: " + e.getMessage(), e);
        }
        return new NiftiHeader(b.order(), size, datatype, bytes, voxOffset, voxels, dataEnd, b.getFloat(112), b.getFloat(116), g, source);
    }

    private static int[] size(String name, ByteBuffer b) {
        short[] dim = new short[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getShort(40 + 2 * i);
        }
        if (dim[0] < 1 || dim[0] > 7) {
            throw new VolumeFormatException(name, "inconsistent header: dim[0] = " + dim[0]);
        }
        int[] size = {1, 1, 1};
        for (int i = 1; i <= dim[0]; i++) {
            if (dim[i] < 1) {
                throw new VolumeFormatException(name, "inconsistent header: dim[" + i + "] = " + dim[i]);
            }
            if (i <= 3) {
                size[i - 1] = dim[i];
            } else if (dim[i] > 1) {
                throw new VolumeFormatException(name, "only 3-D volumes are supported; dim[" + i + "] = " + dim[i]);
            }
        }
        return size;
    }

    /** The RAS affine of the quaternion form (NIfTI method 2). */
    private static double[][] qform(ByteBuffer b, float[] pixdim) {
        double qb = b.getFloat(256);
        double qc = b.getFloat(260);
        double qd = b.getFloat(264);
        double qa = 1.0 - (qb * qb + qc * qc + qd * qd);
        if (qa < 1e-7) {
            double n = 1 / Math.sqrt(qb * qb + qc * qc + qd * qd);
            qb *= n;
            qc *= n;
            qd *= n;
            qa = 0;
        } else {
            qa = Math.sqrt(qa);
        }
        double qfac = pixdim[0] < 0 ? -1 : 1;
        double[][] rot = {
                {qa * qa + qb * qb - qc * qc - qd * qd, 2 * (qb * qc - qa * qd), 2 * (qb * qd + qa * qc)},
                {2 * (qb * qc + qa * qd), qa * qa + qc * qc - qb * qb - qd * qd, 2 * (qc * qd - qa * qb)},
                {2 * (qb * qd - qa * qc), 2 * (qc * qd + qa * qb), qa * qa + qd * qd - qc * qc - qb * qb}};
        double[] sp = {pixdim[1], pixdim[2], pixdim[3] * qfac};
        double[][] ras = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                ras[r][c] = rot[r][c] * sp[c];
            }
        }
        ras[0][3] = b.getFloat(268);
        ras[1][3] = b.getFloat(272);
        ras[2][3] = b.getFloat(276);
        return ras;
    }
}
