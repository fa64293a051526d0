package org.covidmtl.volume.io.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * NIfTI-1 cases, {@code .nii} or {@code .nii.gz}, from real files: header fields (sizeof_hdr, dim[], datatype,
 * bitpix, pixdim, vox_offset, scaling, qform/sform, magic) set to boundary values, format-blind byte changes (of
 * the inflated bytes, and for gzip also of the compressed ones), and gzip bombs: a valid small header whose stream
 * inflates to 2 GiB.
 */
final class NiftiTarget extends Target {
    /** A header field: byte offset, kind (s short, i int, f float) and the values it is set to. */
    private record Field(String name, int offset, char kind, double... values) {
    }

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Field[] FIELDS = {
            new Field("sizeof_hdr", 0, 'i', 0, 349, -1, 1543569408),
            new Field("dim[0]", 40, 's', 0, -1, 2, 4, 7, 8, 32767),
            new Field("dim[1]", 42, 's', 0, -1, 1, 32767, -32768), new Field("dim[2]", 44, 's', 0, -1, 32767, -32768),
            new Field("dim[3]", 46, 's', 0, -1, 32767, 2), new Field("dim[4]", 48, 's', 0, -1, 2, 32767),
            new Field("dim[5..7]", 50 + 2 * 0, 's', 0, 32767),
            new Field("datatype", 70, 's', 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 768, 1024, 1280, 1536, 2304, -1),
            new Field("bitpix", 72, 's', 0, 1, 8, 16, 32, 64, 128, -8),
            new Field("pixdim[0]", 76, 'f', 0, -1, NAN), new Field("pixdim[1]", 80, 'f', 0, -1, NAN, INF, 1e-30, 1e30),
            new Field("pixdim[3]", 88, 'f', 0, NAN, INF),
            new Field("vox_offset", 108, 'f', 0, 347, 348, 352, 352.5, 1e10, -1, NAN, INF, 2147483648.0, 4294967296.0),
            new Field("scl_slope", 112, 'f', NAN, INF, 0, 1e38, -1), new Field("scl_inter", 116, 'f', NAN, INF, -1e38),
            new Field("qform_code", 252, 's', 0, 1, -1, 32767), new Field("sform_code", 254, 's', 0, 1, -1, 32767),
            new Field("quatern_b", 256, 'f', NAN, 1.5, 1e30, -1), new Field("quatern_d", 264, 'f', NAN, 1, 0.5),
            new Field("qoffset_x", 268, 'f', NAN, INF),
            new Field("srow_x[0]", 280, 'f', NAN, INF, 0, 1e38), new Field("srow_y[1]", 300, 'f', NAN, 0, -1e38),
            new Field("srow_z[2]", 320, 'f', NAN, 0), new Field("srow_z[3]", 324, 'f', NAN, INF),
            new Field("magic", 344, 'i', 0x00316e69, 0x00322b6e, 0, 0x00312b6e), new Field("extension", 348, 'i', 1, 0x7fffffff)};

    private final boolean gz;
    private final List<String> seeds;

    NiftiTarget(boolean gz) {
        super(gz ? "nii.gz" : "nii", "nifti", 1);
        this.gz = gz;
        this.seeds = List.of("ibsi/ibsi_1_digital_phantom/nifti/image/phantom.nii.gz", "ibsi/ibsi_1_digital_phantom/nifti/mask/mask.nii.gz",
                "totalsegmentator/example_seg.nii.gz");
    }

    @Override
    FuzzCase make(Random r, int index, Path dir) throws IOException {
        String seed = seeds.get(r.nextInt(seeds.size()));
        byte[] nii = Compression.gunzip(Files.readAllBytes(Target.shared(seed)));
        List<String> what = new ArrayList<>();
        int k = r.nextInt(10);
        byte[] out;
        if (k < 3) {
            out = ByteMutator.mutate(nii, r, 352, what);
        } else if (k < 8) {
            out = nii.clone();
            int n = 1 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                edit(out, r, what);
            }
        } else if (gz && k == 8) {
            byte[] head = r.nextBoolean() ? nii : ByteMutator.mutate(nii, r, 352, new ArrayList<>());
            out = Compression.gzipBomb(head, 32);
            what.add("gzip bomb: " + nii.length + " bytes then 2 GiB of zeros");
            return Target.file(this, seed, dir, "case.nii.gz", out, what, Map.of());
        } else if (gz) {
            what.add("compressed bytes:");
            return Target.file(this, seed, dir, "case.nii.gz", ByteMutator.mutate(Compression.gzip(nii), r, 64, what), what, Map.of());
        } else {
            out = nii.clone();
            edit(out, r, what);
            out = ByteMutator.mutate(out, r, 352, what);
        }
        return Target.file(this, seed, dir, gz ? "case.nii.gz" : "case.nii", gz ? Compression.gzip(out) : out, what, Map.of());
    }

    private static void edit(byte[] b, Random r, List<String> what) {
        Field f = FIELDS[r.nextInt(FIELDS.length)];
        double v = f.values()[r.nextInt(f.values().length)];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (f.offset() + 4 > b.length) {
            return;
        }
        switch (f.kind()) {
            case 's' -> bb.putShort(f.offset() + (f.name().startsWith("dim[5") ? 2 * r.nextInt(3) : 0), (short) v);
            case 'i' -> bb.putInt(f.offset(), (int) (long) v);
            default -> bb.putFloat(f.offset(), (float) v);
        }
        what.add(f.name() + " = " + (f.kind() == 'f' ? Double.toString(v) : Long.toString((long) v)));
    }
}
