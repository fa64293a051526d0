package org.covidmtl.volume.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.api.volume.VolumeReader;

/**
 * NIfTI-1 single-file reader ({@code .nii}, {@code .nii.gz}). Geometry from the sform when its code is
 * set, else the qform, else pixdim (NIfTI method 1); RAS is converted to LPS. Header extensions are
 * skipped (data starts at vox_offset); scl_slope/scl_inter are applied.
 */
public final class NiftiReader implements VolumeReader {
    public static final String FORMAT = "nifti";

    @Override
    public boolean canRead(Path input) {
        byte[] h = IoUtil.headMaybeGz(input, 348);
        if (h.length < 348) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        int size = b.getInt(0);
        if (size != 348 && Integer.reverseBytes(size) != 348) {
            return false;
        }
        return h[344] == 'n' && (h[345] == '+' || h[345] == 'i') && h[346] == '1' && h[347] == 0;
    }

    @Override
    public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
        IoUtil.checkOptions(input, options, Set.of());
        String name = input.toString();
        if (!Files.isRegularFile(input)) {
            throw new VolumeFormatException(name, "not a file");
        }
        progress.setProgress(0, "reading " + input.getFileName());
        byte[] all = IoUtil.readAllMaybeGz(input);
        progress.checkCanceled();
        List<String> warnings = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        Volume v = decode(name, all, warnings, meta);
        progress.setProgress(1, null);
        return new LoadedVolume(v, null, name, "NIfTI-1 " + meta.get("datatype") + " " + meta.get("geometry-source"),
                warnings, meta);
    }

    static Volume decode(String name, byte[] all, List<String> warnings, Map<String, String> meta) {
        if (all.length < 348) {
            throw new VolumeFormatException(name, "truncated header: " + all.length + " of 348 bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 348) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != 348) {
                throw new VolumeFormatException(name, "not NIfTI-1: sizeof_hdr is not 348");
            }
        }
        String magic = new String(all, 344, 3, StandardCharsets.US_ASCII);
        if (!magic.equals("n+1")) {
            if (magic.equals("ni1")) {
                throw new VolumeFormatException(name, "two-file NIfTI (.hdr/.img) is not supported");
            }
            throw new VolumeFormatException(name, "wrong NIfTI magic '" + magic.replaceAll("\\p{Cntrl}", "?") + "'");
        }
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
        float[] pixdim = new float[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        float voxOffsetF = b.getFloat(108);
        long voxOffset = (long) voxOffsetF;
        if (!(voxOffsetF >= 348) || voxOffset != voxOffsetF) {
            throw new VolumeFormatException(name, "inconsistent header: vox_offset " + voxOffsetF);
        }
        if (voxOffset < 352) {
            warnings.add("vox_offset " + voxOffset + " < 352 (no room for the extension flag)");
        }
        long nvox = (long) size[0] * size[1] * size[2];
        long need = voxOffset + nvox * bytes;
        if (all.length < need) {
            throw new VolumeFormatException(name, "truncated: image data needs " + need + " bytes, file has " + all.length);
        }
        if (nvox > Integer.MAX_VALUE - 8) {
            throw new VolumeFormatException(name, "volume too large: " + nvox + " voxels");
        }
        if (all.length >= 352 && all[348] != 0) {
            meta.put("extensions", "skipped " + (voxOffset - 352) + " bytes of header extensions");
        }
        float slope = b.getFloat(112);
        float inter = b.getFloat(116);
        boolean scale = slope != 0 && Float.isFinite(slope) && Float.isFinite(inter) && (slope != 1 || inter != 0);
        int qcode = b.getShort(252);
        int scode = b.getShort(254);
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
            ras = new double[3][4];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    ras[r][c] = rot[r][c] * sp[c];
                }
            }
            ras[0][3] = b.getFloat(268);
            ras[1][3] = b.getFloat(272);
            ras[2][3] = b.getFloat(276);
            source = "qform(code " + qcode + ")";
        } else {
            ras = new double[3][4];
            for (int a = 0; a < 3; a++) {
                ras[a][a] = pixdim[a + 1];
            }
            source = "pixdim (no sform/qform)";
            warnings.add("no sform or qform: geometry from pixdim only (NIfTI method 1)");
        }
        for (int a = 0; a < 3; a++) {
            if (!(Math.abs(pixdim[a + 1]) > 0) && scode <= 0) {
                throw new VolumeFormatException(name, "inconsistent header: pixdim[" + (a + 1) + "] = " + pixdim[a + 1]);
            }
        }
        // RAS -> LPS: negate the first two rows
        double[][] lps = new double[3][];
        lps[0] = negate(ras[0]);
        lps[1] = negate(ras[1]);
        lps[2] = ras[2];
        VolumeGeometry g;
        try {
            g = Geometry.fromAffine(size, lps);
        } catch (IllegalArgumentException e) {
            throw new VolumeFormatException(name, "inconsistent header: " + e.getMessage(), e);
        }
        float[] vox = new float[(int) nvox];
        ByteBuffer d = ByteBuffer.wrap(all, (int) voxOffset, (int) (nvox * bytes)).slice().order(b.order());
        int n = (int) nvox;
        switch (datatype) {
            case 2 -> { for (int i = 0; i < n; i++) vox[i] = d.get(i) & 0xff; }
            case 256 -> { for (int i = 0; i < n; i++) vox[i] = d.get(i); }
            case 4 -> { for (int i = 0; i < n; i++) vox[i] = d.getShort(2 * i); }
            case 512 -> { for (int i = 0; i < n; i++) vox[i] = d.getShort(2 * i) & 0xffff; }
            case 8 -> { for (int i = 0; i < n; i++) vox[i] = d.getInt(4 * i); }
            case 768 -> { for (int i = 0; i < n; i++) vox[i] = d.getInt(4 * i) & 0xffffffffL; }
            case 16 -> { for (int i = 0; i < n; i++) vox[i] = d.getFloat(4 * i); }
            case 64 -> { for (int i = 0; i < n; i++) vox[i] = (float) d.getDouble(8 * i); }
            case 1024 -> { for (int i = 0; i < n; i++) vox[i] = d.getLong(8 * i); }
            default -> { for (int i = 0; i < n; i++) { long x = d.getLong(8 * i); vox[i] = x >= 0 ? x : (float) ((x >>> 1) * 2.0); } }
        }
        if (scale) {
            for (int i = 0; i < n; i++) {
                vox[i] = (float) (vox[i] * (double) slope + inter);
            }
            meta.put("scl", "slope " + slope + " inter " + inter);
        }
        meta.put("datatype", Integer.toString(datatype));
        meta.put("geometry-source", source);
        meta.put("byte-order", b.order().toString());
        return new Volume(g, vox);
    }

    private static double[] negate(double[] row) {
        double[] r = row.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] = -r[i];
        }
        return r;
    }
}
