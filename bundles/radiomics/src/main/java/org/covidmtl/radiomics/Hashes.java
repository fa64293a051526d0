package org.covidmtl.radiomics;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of voxel arrays, for provenance. */
final class Hashes {
    private Hashes() {
    }

    static String sha256(float[] v) {
        MessageDigest md = digest();
        int chunk = 1 << 16;
        ByteBuffer b = ByteBuffer.allocate(4 * chunk).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer f = b.asFloatBuffer();
        for (int i = 0; i < v.length; i += chunk) {
            int n = Math.min(chunk, v.length - i);
            f.clear();
            f.put(v, i, n);
            md.update(b.array(), 0, 4 * n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(byte[] v) {
        return HexFormat.of().formatHex(digest().digest(v));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
