package org.covidmtl.models.artifact;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.covidmtl.api.cohort.CaseRecord;
import org.covidmtl.api.cohort.Cohort;

/** A line saying what a model was trained on, with a hash of the exact rows. */
public final class TrainingData {
    private TrainingData() {
    }

    /**
     * {@code <cohort name>, <n> studies, <k> features, sha256 <hex>}: the hash covers the feature names, then
     * every study's id, labels and feature values (as IEEE doubles), in order.
     */
    public static String describe(Cohort c) {
        MessageDigest md = Artifacts.digest();
        c.featureNames().forEach(n -> md.update((n + "\n").getBytes(StandardCharsets.UTF_8)));
        ByteBuffer b = ByteBuffer.allocate(8);
        for (CaseRecord r : c.cases()) {
            md.update((r.id() + "\n").getBytes(StandardCharsets.UTF_8));
            for (int l : r.labels()) {
                b.clear();
                b.putInt(l);
                md.update(b.array(), 0, 4);
            }
            for (double v : r.features()) {
                b.clear();
                b.putDouble(v);
                md.update(b.array());
            }
        }
        return c.name() + ", " + c.size() + " studies, " + c.featureNames().size() + " features, sha256 "
                + HexFormat.of().formatHex(md.digest());
    }
}
