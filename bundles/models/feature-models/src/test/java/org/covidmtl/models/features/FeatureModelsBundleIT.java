package org.covidmtl.models.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.model.FeatureImportance;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The packaged bundle in a real OSGi framework (Felix + SCR): the API and DL4J/ND4J come from the class
 * path as system packages, as on the launcher; the four model factories must register with their
 * properties, LightGBM must load its natives from the bundle's class loader, and DL4J must build and
 * train the bundle's network (whose loss class only the bundle can see).
 */
class FeatureModelsBundleIT {
    private static Framework framework;
    private static Bundle bundle;

    static Path bundleJar() {
        Path p = Path.of(System.getProperty("covidmtl.bundle.jar", "target/org.covidmtl.models.features-0.1.0-SNAPSHOT.jar"));
        assertThat(p).exists();
        return p;
    }

    static String classPathJar(String prefix) {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (new File(e).getName().startsWith(prefix)) {
                return new File(e).toURI().toString();
            }
        }
        throw new IllegalStateException("no " + prefix + "*.jar on the test class path");
    }

    /** The API bundle's Export-Package entries as "package;version=x.y.z", read from its manifest. */
    static List<String> apiExports() throws Exception {
        java.net.URL where = org.covidmtl.api.cohort.Cohort.class.getProtectionDomain().getCodeSource().getLocation();
        Path loc = Path.of(where.toURI());
        Manifest mf;
        if (Files.isDirectory(loc)) {
            try (java.io.InputStream in = Files.newInputStream(loc.resolve("META-INF/MANIFEST.MF"))) {
                mf = new Manifest(in);
            }
        } else {
            try (JarFile jar = new JarFile(loc.toFile())) {
                mf = jar.getManifest();
            }
        }
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(org\\.covidmtl\\.api[\\w.]*);[^,]*?version=\"([^\"]+)\"")
                .matcher(mf.getMainAttributes().getValue("Export-Package"));
        while (m.find()) {
            out.add(m.group(1) + ";version=" + m.group(2));
        }
        assertThat(out).as("API exports from " + loc).isNotEmpty();
        return out;
    }

    @BeforeAll
    static void start() throws Exception {
        Manifest mf;
        try (JarFile jar = new JarFile(bundleJar().toFile())) {
            mf = jar.getManifest();
        }
        // system packages: the API packages at the versions the API bundle exports, and every DL4J/ND4J package
        // the bundle imports
        TreeSet<String> extra = new TreeSet<>(apiExports());
        for (String imp : mf.getMainAttributes().getValue("Import-Package").split(",(?=[a-z])")) {
            String pkg = imp.split(";")[0].trim();
            if (pkg.startsWith("org.nd4j") || pkg.startsWith("org.deeplearning4j")) {
                extra.add(pkg);
            }
        }
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, Files.createTempDirectory("felix-models-it").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",", extra));
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String prefix : List.of("org.osgi.util.function-", "org.osgi.util.promise-",
                "org.osgi.service.component-1", "org.apache.felix.scr-", "org.covidmtl.models.artifact-")) {
            bundles.add(ctx.installBundle(classPathJar(prefix)));
        }
        bundle = ctx.installBundle(bundleJar().toUri().toString());
        bundles.add(bundle);
        for (Bundle b : bundles) {
            b.start();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static ModelFactory factory(String name) throws Exception {
        BundleContext ctx = framework.getBundleContext();
        ServiceTracker<ModelFactory, ModelFactory> t = new ServiceTracker<>(ctx,
                ctx.createFilter("(&(objectClass=" + ModelFactory.class.getName() + ")(covidmtl.stage=model)(covidmtl.name="
                        + name + "))"),
                null);
        t.open();
        try {
            ModelFactory f = t.waitForService(10_000);
            assertThat(f).as("service " + name).isNotNull();
            ServiceReference<ModelFactory> ref = t.getServiceReference();
            assertThat(ref.getProperty("covidmtl.description")).isNotNull();
            assertThat(ref.getProperty("covidmtl.model")).isNotNull();
            assertThat(FrameworkUtil.getBundle(f.getClass())).isEqualTo(bundle);
            return f;
        } finally {
            t.close();
        }
    }

    @Test
    void allFactoriesRegister() throws Exception {
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        for (String name : List.of("fnn-mtl", "fnn-single", "random-forest", "lightgbm")) {
            ModelFactory f = factory(name);
            assertThat(f.descriptor().name()).isEqualTo(name);
            assertThat(f.descriptor().version()).isEqualTo(name.equals("random-forest") ? "1.1.0" : "1.0.0");
            assertThat(f.descriptor().inputs()).containsExactlyInAnyOrder(ModelInput.FEATURES, ModelInput.CLINICAL);
            assertThat(f.descriptor().multitask()).isEqualTo(name.equals("fnn-mtl"));
        }
    }

    @Test
    void lightGbmLoadsItsNativesInsideTheBundle() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        Model m = factory("lightgbm").create(new ModelSettings(CohortFixture.TASKS.subList(0, 1),
                Map.of("n-estimators", "100", "threads", "1"), 11));
        // the embedded SWIG classes are the bundle's own, not the class path's copy
        Class<?> jni = bundle.loadClass("com.microsoft.ml.lightgbm.lightgbmlibJNI");
        assertThat(jni.getClassLoader()).isNotSameAs(getClass().getClassLoader());
        m.fit(train, null, Progress.none());
        Predictions p = m.predict(test, Progress.none());
        double auc = CohortFixture.auc(p.probabilities().get("covid-ct"), test.labels(0));
        System.out.printf("OSGi lightgbm (100 rounds) AUC CT %.4f%n", auc);
        assertThat(auc).isGreaterThan(0.85);
        assertThat(((FeatureImportance) m).importance("covid-ct", FeatureImportance.GAIN)).hasSize(375);
        Path artifact = Files.createTempDirectory("lgbm-it").resolve("model");
        m.save(artifact);
        Model loaded = factory("lightgbm").load(artifact);
        assertThat(loaded.predict(test, Progress.none()).probabilities().get("covid-ct"))
                .isDeepEqualTo(p.probabilities().get("covid-ct"));
    }

    @Test
    void fnnTrainsInsideTheBundle() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        Model m = factory("fnn-mtl").create(new ModelSettings(CohortFixture.TASKS, Map.of("epochs", "2"), 3));
        TrainingHistory h = m.fit(train, test, Progress.none());
        assertThat(h.epochs()).hasSize(2);
        assertThat(h.epochs().get(1).validationLoss()).isFinite();
        Predictions p = m.predict(test, Progress.none());
        assertThat(p.probabilities()).containsOnlyKeys("covid-ct", "covid-nat", "severity");
        // DL4J reads the saved network's loss class (the bundle's TaskScaledLoss) through the bundle's loader
        Path artifact = Files.createTempDirectory("fnn-it").resolve("model");
        m.save(artifact);
        Predictions q = factory("fnn-mtl").load(artifact).predict(test, Progress.none());
        double[][] a = p.probabilities().get("severity");
        double[][] b = q.probabilities().get("severity");
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < a[i].length; c++) {
                assertThat(b[i][c]).isCloseTo(a[i][c], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void randomForestRunsInsideTheBundle() throws Exception {
        Cohort train = CohortFixture.train();
        Cohort test = CohortFixture.test();
        Model m = factory("random-forest").create(new ModelSettings(CohortFixture.TASKS.subList(1, 2),
                Map.of("trees", "100"), 11));
        m.fit(train, null, Progress.none());
        double auc = CohortFixture.auc(m.predict(test, Progress.none()).probabilities().get("covid-nat"), test.labels(1));
        assertThat(auc).isGreaterThan(0.75);
    }

}
