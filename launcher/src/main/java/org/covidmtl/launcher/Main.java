package org.covidmtl.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts the COVID-MTL container: Apache Felix with the bundles of {@code bundle/}, Configuration Admin
 * files from {@code config/} and hot-deployed bundles from {@code deploy/} (both watched by Felix
 * FileInstall), DL4J/ND4J from this class path exported as system packages.
 *
 * <p>With no arguments the interactive Gogo shell opens. With arguments, they are one Gogo command line,
 * run in a freshly started container; the process exits with 0 on success, or 1 with a one-line error on
 * standard error.
 */
public final class Main {
    static final String HOME = "covidmtl.home";
    /** Framework property: {@code interactive} (the Gogo shell) or {@code command} (one command line). */
    static final String MODE = "covidmtl.mode";
    private static final String GOGO_SHELL = "org.apache.felix.gogo.shell";
    private static final long QUIET_MILLIS = 300;
    private static final long READY_TIMEOUT_MILLIS = 30_000;

    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(Path.of(System.getProperty(HOME, ".")).toAbsolutePath().normalize(), args, System.out, System.err);
        } catch (Exception | LinkageError e) {
            System.err.println("covid-mtl: " + FailureReport.report(e, "(starting the container)"));
            status = 2;
        }
        System.out.flush();
        System.err.flush();
        // ND4J and some libraries leave non-daemon threads behind
        System.exit(status);
    }

    static int run(Path home, String[] args, PrintStream out, PrintStream err) throws Exception {
        boolean interactive = args.length == 0;
        Properties build = buildProperties();
        if (System.getProperty("org.bytedeco.javacpp.platform.extension") == null) {
            System.setProperty("org.bytedeco.javacpp.platform.extension", build.getProperty("nd4j.platform.extension", ""));
        }
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            // JavaCPP otherwise reads /proc/self/statm on every native allocation to enforce a resident-memory cap;
            // ND4J allocates shape buffers for every op, which made that check a quarter of a small network's
            // training time (measured with JFR). Off-heap allocations stay capped by maxBytes.
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
        // ND4J finds its backend through the context class loader of the first thread that touches it:
        // make that this class path, whatever thread a bundle uses
        org.nd4j.common.config.ND4JClassLoading.setNd4jClassloader(Main.class.getClassLoader());
        Framework framework = newFramework(home, interactive);
        Thread hook = new Thread(() -> stopQuietly(framework), "covid-mtl-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            framework.start();
            BundleContext context = framework.getBundleContext();
            // the shell starts last, once the container is ready: input typed or piped early is not read
            // before the commands are registered
            Started started = installAndStart(context, home.resolve("bundle"),
                    b -> interactive && GOGO_SHELL.equals(b.getSymbolicName()));
            started.failures().forEach(f -> err.println("covid-mtl: " + f));
            awaitConfiguration(context, home.resolve("config"), err);
            if (interactive) {
                awaitQuiet(context);
                List<String> late = new ArrayList<>();
                start(started.deferred(), late);
                late.forEach(f -> err.println("covid-mtl: " + f));
                framework.waitForStop(0);
                return 0;
            }
            return runCommand(context, commandLine(args), out, err);
        } finally {
            stopQuietly(framework);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    static Framework newFramework(Path home, boolean interactive) throws IOException {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, home.resolve("data/cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",", systemPackages()));
        config.put("felix.log.level", "1");
        // Configuration Admin keeps what mtl:use and others save here, across restarts
        config.put("felix.cm.dir", home.resolve("data/configurations").toString());
        // FileInstall watches config/; config/org.apache.felix.fileinstall-deploy.cfg adds deploy/
        config.put("felix.fileinstall.dir", home.resolve("config").toString());
        config.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        config.put("felix.fileinstall.poll", "1000");
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.log.level", "1");
        // FileInstall's write-back truncates and rewrites a .cfg while its watcher may read it half-written,
        // which resets the configuration; configurations changed at run time (mtl:use) are kept by
        // Configuration Admin in data/configurations instead
        config.put("felix.fileinstall.enableConfigSave", "false");
        config.put("covidmtl.home", home.toString());
        config.put(MODE, interactive ? "interactive" : "command");
        config.put("gosh.args", interactive ? "" : "--nointeractive --noshutdown");
        config.put("gosh.home", home.toString());
        // lets operators add or override framework properties without rebuilding
        Path extra = home.resolve("etc/framework.properties");
        if (Files.isRegularFile(extra)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(extra)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> config.put(k, p.getProperty(k)));
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        return factory.newFramework(config);
    }

    /**
     * What {@link #installAndStart} did.
     *
     * @param failures bundles that could not be installed or started, one line each
     * @param deferred installed bundles left to start later
     */
    record Started(List<String> failures, List<Bundle> deferred) {
    }

    /**
     * Installs every bundle of the folder, then starts the non-fragments except those {@code later}
     * selects, which it returns as deferred.
     */
    static Started installAndStart(BundleContext context, Path folder, java.util.function.Predicate<Bundle> later)
            throws IOException {
        List<String> failures = new ArrayList<>();
        List<Bundle> installed = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            try {
                installed.add(context.installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                failures.add("cannot install " + jar.getFileName() + ": " + oneLine(e));
            }
        }
        List<Bundle> deferred = new ArrayList<>(installed.stream().filter(later).toList());
        installed.removeAll(deferred);
        start(installed, failures);
        return new Started(failures, deferred);
    }

    /** Starts the bundles that are not fragments, adding a line to {@code failures} for each that fails. */
    static void start(List<Bundle> bundles, List<String> failures) {
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                } catch (BundleException e) {
                    failures.add("cannot start " + b.getSymbolicName() + ": " + oneLine(e));
                }
            }
        }
    }

    static int runCommand(BundleContext context, String commandLine, PrintStream out, PrintStream err)
            throws InterruptedException {
        awaitQuiet(context);
        // Gogo's API lives in a bundle, not on this class path: talk to it reflectively
        ServiceReference<?> ref = context.getServiceReference("org.apache.felix.service.command.CommandProcessor");
        if (ref == null) {
            err.println("covid-mtl: the Gogo command processor is not running");
            return 2;
        }
        Object processor = context.getService(ref);
        Object session = null;
        try {
            session = processor.getClass()
                    .getMethod("createSession", InputStream.class, java.io.OutputStream.class, java.io.OutputStream.class)
                    .invoke(processor, InputStream.nullInputStream(), out, err);
            Method execute = publicMethod(session, "execute", CharSequence.class);
            Object result = execute.invoke(session, commandLine);
            if (result != null) {
                Method format = publicMethod(session, "format", Object.class, int.class);
                out.println(format.invoke(session, result, 0 /* Converter.INSPECT */));
            }
            out.flush();
            return 0;
        } catch (ReflectiveOperationException e) {
            out.flush();
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getTargetException() : e;
            err.println("covid-mtl: " + FailureReport.report(cause, commandLine));
            return 1;
        } finally {
            if (session instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a finished session
                }
            }
            context.ungetService(ref);
        }
    }

    /** The method as declared by a public interface of the object (its class is private to the bundle). */
    private static Method publicMethod(Object target, String name, Class<?>... types) throws NoSuchMethodException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                try {
                    return i.getMethod(name, types);
                } catch (NoSuchMethodException next) {
                    // look further
                }
            }
        }
        return target.getClass().getMethod(name, types);
    }

    /**
     * Waits until FileInstall has put every file of {@code config/} into Configuration Admin, so that the
     * command runs with the configured defaults (and FileInstall is not stopped half-way through).
     */
    static void awaitConfiguration(BundleContext context, Path configFolder, PrintStream err) throws IOException,
            InterruptedException {
        long expected;
        try (Stream<Path> files = Files.list(configFolder)) {
            expected = files.filter(f -> f.toString().endsWith(".cfg") || f.toString().endsWith(".config")).count();
        } catch (java.nio.file.NoSuchFileException none) {
            return;
        }
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        long loaded = 0;
        while (System.currentTimeMillis() < deadline) {
            loaded = fileConfigurations(context);
            if (loaded >= expected) {
                return;
            }
            Thread.sleep(25);
        }
        err.println("covid-mtl: only " + loaded + " of " + expected + " files of " + configFolder
                + " reached Configuration Admin; running the command anyway");
    }

    /** How many configurations FileInstall created from files (reflectively: Configuration Admin is a bundle). */
    private static long fileConfigurations(BundleContext context) {
        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (ref == null) {
            return 0;
        }
        Object admin = context.getService(ref);
        try {
            Object[] configurations = (Object[]) publicMethod(admin, "listConfigurations", String.class).invoke(admin,
                    "(felix.fileinstall.filename=*)");
            return configurations == null ? 0 : configurations.length;
        } catch (ReflectiveOperationException e) {
            return 0;
        } finally {
            context.ungetService(ref);
        }
    }

    /** Waits until no service has come or gone for a short while: the components have settled. */
    static void awaitQuiet(BundleContext context) throws InterruptedException {
        AtomicLong lastEvent = new AtomicLong(System.nanoTime());
        org.osgi.framework.ServiceListener listener = event -> lastEvent.set(System.nanoTime());
        context.addServiceListener(listener);
        try {
            long start = System.nanoTime();
            while ((System.nanoTime() - lastEvent.get()) / 1_000_000 < QUIET_MILLIS
                    && (System.nanoTime() - start) / 1_000_000 < READY_TIMEOUT_MILLIS) {
                Thread.sleep(50);
            }
        } finally {
            context.removeServiceListener(listener);
        }
    }

    /**
     * One argument is taken as a whole Gogo command line (pipes and all); several arguments are words,
     * quoted where Gogo would split or expand them.
     */
    static String commandLine(String[] args) {
        if (args.length == 1) {
            return args[0];
        }
        StringBuilder line = new StringBuilder();
        for (String a : args) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(a));
        }
        return line.toString();
    }

    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=,+@%^~-]+")) {
            return word;
        }
        if (!word.contains("'")) {
            return "'" + word + "'";
        }
        return '"' + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + '"';
    }

    static List<String> systemPackages() throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("/covidmtl/system-packages.txt")) {
            if (in == null) {
                throw new IllegalStateException("the launcher jar lacks covidmtl/system-packages.txt: rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    static Properties buildProperties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/covidmtl/launcher.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return p;
    }

    private static void stopQuietly(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                framework.stop();
                framework.waitForStop(15_000);
            }
        } catch (Exception e) {
            // stopping anyway
        }
    }

    static String oneLine(Throwable e) {
        Throwable t = e;
        // Gogo and the framework wrap the interesting exception
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException)) {
            t = t.getCause();
        }
        return FailureReport.firstLine(t.getMessage(), t);
    }
}
