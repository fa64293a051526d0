package org.covidmtl.radiomics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NrrdReader;
import org.junit.jupiter.api.Assumptions;

/** Shared reference data (system property covidmtl.shared), read in place. */
final class TestData {
    private TestData() {
    }

    static Path shared() {
        String p = System.getProperty("covidmtl.shared");
        Path root = p != null ? Paths.get(p) : Paths.get("../../../shared");
        Assumptions.assumeTrue(Files.isDirectory(root), "shared data not found at " + root);
        return root.toAbsolutePath().normalize();
    }

    static Path data(String rel) {
        Path f = shared().resolve("data").resolve(rel);
        if (!Files.exists(f)) {
            throw new IllegalStateException("missing reference file " + f);
        }
        return f;
    }

    static Volume volume(Path p) {
        LoadedVolume lv = p.toString().endsWith(".nrrd") ? new NrrdReader().read(p, Map.of(), Progress.none())
                : new NiftiReader().read(p, Map.of(), Progress.none());
        return lv.volume();
    }

    /** A label image read as a volume, as a mask on the same grid. */
    static Mask mask(Path p) {
        Volume v = volume(p);
        float[] f = v.voxels();
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = (byte) Math.round(f[i]);
        }
        return new Mask(v.geometry(), b);
    }
}
