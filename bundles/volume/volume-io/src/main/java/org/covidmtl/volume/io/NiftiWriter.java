package org.covidmtl.volume.io;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.api.volume.VolumeWriter;

/**
 * NIfTI-1 single-file writer: float32 volumes, uint8 masks; sform and qform (both code 1, scanner)
 * hold the same RAS affine; {@code .nii.gz} is gzip-compressed. Writes atomically.
 */
public final class NiftiWriter implements VolumeWriter {

    @Override
    public Set<String> extensions() {
        return Set.of(".nii", ".nii.gz");
    }

    @Override
    public void write(Volume volume, Path output, Progress progress) {
        float[] v = volume.voxels();
        ByteBuffer data = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(v);
        write(volume.geometry(), 16, 32, data.array(), output, progress);
    }

    @Override
    public void write(Mask mask, Path output, Progress progress) {
        write(mask.geometry(), 2, 8, mask.labels(), output, progress);
    }

    private void write(VolumeGeometry g, int datatype, int bitpix, byte[] data, Path output, Progress progress) {
        progress.setProgress(0, "writing " + output.getFileName());
        byte[] header = header(g, datatype, bitpix);
        boolean gz = IoUtil.lowerName(output).endsWith(".gz");
        IoUtil.writeAtomically(output, out -> {
            OutputStream o = gz ? new GZIPOutputStream(out, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            } : out;
            o.write(header);
            int chunk = 1 << 20;
            for (int off = 0; off < data.length; off += chunk) {
                progress.checkCanceled();
                o.write(data, off, Math.min(chunk, data.length - off));
                progress.setProgress((double) off / data.length, null);
            }
            if (gz) {
                ((GZIPOutputStream) o).finish();
            }
        });
        progress.setProgress(1, null);
    }

    static byte[] header(VolumeGeometry g, int datatype, int bitpix) {
        ByteBuffer b = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        int[] size = g.size();
        b.putShort(40, (short) 3);
        for (int a = 0; a < 3; a++) {
            if (size[a] > Short.MAX_VALUE) {
                throw new IllegalArgumentException("NIfTI-1 cannot hold " + size[a] + " voxels along an axis");
            }
            b.putShort(42 + 2 * a, (short) size[a]);
        }
        for (int i = 4; i < 8; i++) {
            b.putShort(40 + 2 * i, (short) 1);
        }
        b.putShort(70, (short) datatype);
        b.putShort(72, (short) bitpix);
        double[][] lps = Geometry.toAffine(g);
        double[][] ras = {lps[0].clone(), lps[1].clone(), lps[2].clone()};
        for (int c = 0; c < 4; c++) {
            ras[0][c] = -ras[0][c];
            ras[1][c] = -ras[1][c];
        }
        double[] sp = g.spacing();
        // quaternion of the RAS rotation (nifti_mat44_to_quatern)
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[i][j] = ras[i][j] / sp[j];
            }
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        double qfac = 1;
        if (det < 0) {
            qfac = -1;
            r[0][2] = -r[0][2];
            r[1][2] = -r[1][2];
            r[2][2] = -r[2][2];
        }
        double qa = r[0][0] + r[1][1] + r[2][2] + 1;
        double qb, qc, qd;
        if (qa > 0.5) {
            qa = 0.5 * Math.sqrt(qa);
            qb = 0.25 * (r[2][1] - r[1][2]) / qa;
            qc = 0.25 * (r[0][2] - r[2][0]) / qa;
            qd = 0.25 * (r[1][0] - r[0][1]) / qa;
        } else {
            double xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
            double yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
            double zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
            if (xd > 1) {
                qb = 0.5 * Math.sqrt(xd);
                qc = 0.25 * (r[0][1] + r[1][0]) / qb;
                qd = 0.25 * (r[0][2] + r[2][0]) / qb;
                qa = 0.25 * (r[2][1] - r[1][2]) / qb;
            } else if (yd > 1) {
                qc = 0.5 * Math.sqrt(yd);
                qb = 0.25 * (r[0][1] + r[1][0]) / qc;
                qd = 0.25 * (r[1][2] + r[2][1]) / qc;
                qa = 0.25 * (r[0][2] - r[2][0]) / qc;
            } else {
                qd = 0.5 * Math.sqrt(zd);
                qb = 0.25 * (r[0][2] + r[2][0]) / qd;
                qc = 0.25 * (r[1][2] + r[2][1]) / qd;
                qa = 0.25 * (r[1][0] - r[0][1]) / qd;
            }
            if (qa < 0) {
                qb = -qb;
                qc = -qc;
                qd = -qd;
            }
        }
        b.putFloat(76, (float) qfac);
        for (int a = 0; a < 3; a++) {
            b.putFloat(80 + 4 * a, (float) sp[a]);
        }
        b.putFloat(108, 352f);
        b.putFloat(112, 1f);
        b.putFloat(116, 0f);
        b.put(123, (byte) 10); // xyzt_units: mm + s
        b.putShort(252, (short) 1);
        b.putShort(254, (short) 1);
        b.putFloat(256, (float) qb);
        b.putFloat(260, (float) qc);
        b.putFloat(264, (float) qd);
        b.putFloat(268, (float) ras[0][3]);
        b.putFloat(272, (float) ras[1][3]);
        b.putFloat(276, (float) ras[2][3]);
        for (int row = 0; row < 3; row++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * row + 4 * c, (float) ras[row][c]);
            }
        }
        byte[] magic = {'n', '+', '1', 0};
        for (int i = 0; i < 4; i++) {
            b.put(344 + i, magic[i]);
        }
        return b.array();
    }
}
