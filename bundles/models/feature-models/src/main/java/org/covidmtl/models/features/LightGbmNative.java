package org.covidmtl.models.features;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Loads LightGBM's native libraries that ship inside the lightgbmlib jar (embedded in this bundle):
 * they are copied from this class's own class loader (the bundle's, under OSGi) into a fresh temporary
 * folder and loaded with {@link System#load}, the core library first so that the SWIG wrapper's
 * dependency on {@code lib_lightgbm} is satisfied by its soname. A fresh folder per load keeps a
 * refreshed bundle (a new class loader) from colliding with the copy an old class loader holds.
 * <p>
 * Set the system property {@code covidmtl.lightgbm.native} to a folder holding both libraries to load
 * those instead.
 */
final class LightGbmNative {
    private static volatile boolean loaded;

    private LightGbmNative() {
    }

    static void load() {
        if (loaded) {
            return;
        }
        synchronized (LightGbmNative.class) {
            if (loaded) {
                return;
            }
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (!arch.equals("amd64") && !arch.equals("x86_64")) {
                throw new UnsupportedOperationException("LightGBM ships native libraries for x86_64 only, not " + arch);
            }
            String folder;
            List<String> libs;
            if (os.contains("linux")) {
                folder = "linux/x86_64";
                libs = List.of("lib_lightgbm.so", "lib_lightgbm_swig.so");
            } else if (os.contains("mac") || os.contains("darwin")) {
                folder = "osx/x86_64";
                libs = List.of("lib_lightgbm.dylib", "lib_lightgbm_swig.dylib");
            } else if (os.contains("windows")) {
                folder = "windows/x86_64";
                libs = List.of("lib_lightgbm.dll", "lib_lightgbm_swig.dll");
            } else {
                throw new UnsupportedOperationException("no LightGBM native library for " + os);
            }
            String override = System.getProperty("covidmtl.lightgbm.native");
            try {
                Path dir;
                if (override != null && !override.isBlank()) {
                    dir = Path.of(override);
                } else {
                    dir = Files.createTempDirectory("covidmtl-lightgbm-");
                    dir.toFile().deleteOnExit();
                    for (String lib : libs) {
                        String resource = "/com/microsoft/ml/lightgbm/" + folder + "/" + lib;
                        Path target = dir.resolve(lib);
                        try (InputStream in = LightGbmNative.class.getResourceAsStream(resource)) {
                            if (in == null) {
                                throw new IllegalStateException("LightGBM native library " + resource
                                        + " not found by " + LightGbmNative.class.getClassLoader());
                            }
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                        target.toFile().deleteOnExit();
                    }
                }
                for (String lib : libs) {
                    System.load(dir.resolve(lib).toAbsolutePath().toString());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot unpack LightGBM's native libraries", e);
            }
            loaded = true;
        }
    }
}
