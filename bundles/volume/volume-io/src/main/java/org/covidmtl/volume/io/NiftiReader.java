package org.covidmtl.volume.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeReader;

/**
 * NIfTI-1 single-file reader ({@code .nii}, {@code .nii.gz}). Geometry from the sform when its code is
 * set, else the qform, else pixdim (NIfTI method 1); RAS is converted to LPS. Header extensions are
 * skipped (data starts at vox_offset); scl_slope/scl_inter are applied. The header is read and checked first;
 * then exactly the bytes it declares are read (checked against the file size and the free heap), and a
 * {@code .nii.gz} must inflate to that size: one that inflates to more is refused, not read.
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
        BoundedRead.requireRegularFile(name, input);
        progress.setProgress(0, "reading " + input.getFileName());
        List<String> warnings = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        Volume v = IoUtil.isGzip(input) ? readGzip(name, input, warnings, meta) : readPlain(name, input, warnings, meta);
        progress.setProgress(1, null);
        return new LoadedVolume(v, null, name, "NIfTI-1 " + meta.get("datatype") + " " + meta.get("geometry-source"), warnings, meta);
    }

    private static Volume readPlain(String name, Path input, List<String> warnings, Map<String, String> meta) {
        NiftiHeader h = NiftiHeader.parse(name, BoundedRead.file(name, input, 0, Math.min(NiftiHeader.LENGTH, IoUtil.size(name, input)), "header"),
                warnings);
        Limits.checkMemory(name, h.voxels(), Limits.sum(name, h.dataEnd(), 4 * h.voxels()));
        byte[] all = BoundedRead.file(name, input, 0, h.dataEnd(), "image data");
        return decode(h, all, (int) h.voxOffset(), all.length > 352 && all[348] != 0, meta);
    }

    private static Volume readGzip(String name, Path input, List<String> warnings, Map<String, String> meta) {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(input), 1 << 16), 1 << 16)) {
            NiftiHeader h = NiftiHeader.parse(name, in.readNBytes(NiftiHeader.LENGTH), warnings);
            Limits.checkMemory(name, h.voxels(), Limits.sum(name, h.dataEnd(), 4 * h.voxels()));
            byte[] rest = BoundedRead.exactly(name, in, h.dataEnd() - NiftiHeader.LENGTH, "image data");
            int extra = BoundedRead.end(name, in, h.dataEnd());
            if (extra > 0) {
                warnings.add(extra + " bytes after the image data ignored");
            }
            return decode(h, rest, (int) (h.voxOffset() - NiftiHeader.LENGTH), rest.length > 4 && rest[0] != 0, meta);
        } catch (EOFException e) {
            throw new VolumeFormatException(name, "truncated gzip stream", e);
        } catch (ZipException e) {
            throw new VolumeFormatException(name, "corrupt gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VolumeFormatException(name, "cannot read: " + e, e);
        }
    }

    /** The voxels of {@code data} from {@code offset} (where vox_offset falls in it), scaled. */
    private static Volume decode(NiftiHeader h, byte[] data, int offset, boolean extensions, Map<String, String> meta) {
        if (extensions) {
            meta.put("extensions", "skipped " + (h.voxOffset() - 352) + " bytes of header extensions");
        }
        int n = (int) h.voxels();
        float[] vox = new float[n];
        ByteBuffer d = ByteBuffer.wrap(data, offset, n * h.bytes()).slice().order(h.order());
        switch (h.datatype()) {
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
        if (h.scaled()) {
            float slope = h.slope();
            float inter = h.inter();
            for (int i = 0; i < n; i++) {
                vox[i] = (float) (vox[i] * (double) slope + inter);
            }
            meta.put("scl", "slope " + slope + " inter " + inter);
        }
        meta.put("datatype", Integer.toString(h.datatype()));
        meta.put("geometry-source", h.source());
        meta.put("byte-order", h.order().toString());
        return new Volume(h.geometry(), vox);
    }
}
