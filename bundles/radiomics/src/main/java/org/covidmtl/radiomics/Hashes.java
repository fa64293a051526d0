package org.covidmtl.radiomics;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of voxel arrays, for provenance. */
final class Hashes {
    private Hashes() {
    }

    static String sha256(float[] v) {
        MessageDigest md = digest();
        ByteBuffer b = ByteBuffer.allocate(4 * 8192).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            if (!b.hasRemaining()) {
                md.update(b.array(), 0, b.position());
                b.clear();
            }
            b.putFloat(x);
        }
        md.update(b.array(), 0, b.position());
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
