package org.covidmtl.volume.io;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.api.volume.VolumeWriter;

/** NRRD writer in LPS space: float volumes, uchar masks; gzip encoding unless constructed for raw. */
public final class NrrdWriter implements VolumeWriter {
    private final boolean gzip;

    public NrrdWriter() {
        this(true);
    }

    public NrrdWriter(boolean gzip) {
        this.gzip = gzip;
    }

    @Override
    public Set<String> extensions() {
        return Set.of(".nrrd");
    }

    @Override
    public void write(Volume volume, Path output, Progress progress) {
        float[] v = volume.voxels();
        ByteBuffer data = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(v);
        write(volume.geometry(), "float", data.array(), output, progress);
    }

    @Override
    public void write(Mask mask, Path output, Progress progress) {
        write(mask.geometry(), "uchar", mask.labels(), output, progress);
    }

    private void write(VolumeGeometry g, String type, byte[] data, Path output, Progress progress) {
        progress.setProgress(0, "writing " + output.getFileName());
        StringBuilder h = new StringBuilder("NRRD0004\n# written by org.covidmtl.volume.io\n");
        h.append("type: ").append(type).append('\n');
        h.append("dimension: 3\nspace: left-posterior-superior\n");
        int[] s = g.size();
        h.append("sizes: ").append(s[0]).append(' ').append(s[1]).append(' ').append(s[2]).append('\n');
        double[][] m = Geometry.toAffine(g);
        h.append("space directions:");
        for (int a = 0; a < 3; a++) {
            h.append(" (").append(num(m[0][a])).append(',').append(num(m[1][a])).append(',').append(num(m[2][a])).append(')');
        }
        h.append("\nkinds: domain domain domain\n");
        h.append("endian: little\n");
        h.append("encoding: ").append(gzip ? "gzip" : "raw").append('\n');
        h.append("space origin: (").append(num(m[0][3])).append(',').append(num(m[1][3])).append(',').append(num(m[2][3])).append(")\n\n");
        byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
        IoUtil.writeAtomically(output, out -> {
            out.write(header);
            OutputStream o = gzip ? new GZIPOutputStream(out, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            } : out;
            int chunk = 1 << 20;
            for (int off = 0; off < data.length; off += chunk) {
                progress.checkCanceled();
                o.write(data, off, Math.min(chunk, data.length - off));
                progress.setProgress((double) off / data.length, null);
            }
            if (gzip) {
                ((GZIPOutputStream) o).finish();
            }
        });
        progress.setProgress(1, null);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.17g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
