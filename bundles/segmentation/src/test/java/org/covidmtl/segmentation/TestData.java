package org.covidmtl.segmentation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;
import org.junit.jupiter.api.Assumptions;

/** Shared reference data (system property covidmtl.shared), read with the platform's readers. */
public final class TestData {
    private TestData() {
    }

    public static Path shared() {
        String p = System.getProperty("covidmtl.shared");
        Path root = p != null ? Paths.get(p) : Paths.get("../../../shared");
        Assumptions.assumeTrue(Files.isDirectory(root), "shared data not found at " + root);
        return root.toAbsolutePath().normalize();
    }

    public static Path data(String rel) {
        Path f = shared().resolve("data").resolve(rel);
        if (!Files.exists(f)) {
            throw new IllegalStateException("missing reference file " + f);
        }
        return f;
    }

    static LoadedVolume nifti(String rel) {
        return new NiftiReader().read(data(rel), Map.of(), Progress.none());
    }

    static LoadedVolume dicom(String rel) {
        return dicom(rel, Map.of());
    }

    static LoadedVolume dicom(String rel, Map<String, String> options) {
        return new DicomSeriesReader().read(data(rel), options, Progress.none());
    }
}
