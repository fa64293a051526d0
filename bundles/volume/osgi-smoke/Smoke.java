import java.io.File;
import java.nio.file.Path;
import java.util.*;
import org.osgi.framework.*;
import org.osgi.framework.launch.*;
import org.osgi.util.tracker.ServiceTracker;

/** Starts Felix with SCR, the API and the volume bundles; lists the stage services; reads JPEG 2000 and JPEG-LS DICOM through the dicom service. */
public class Smoke {
    public static void main(String[] a) throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put(Constants.FRAMEWORK_STORAGE, System.getProperty("java.io.tmpdir") + "/covidmtl-volume-osgi-smoke");
        cfg.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(cfg);
        fw.start();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> bs = new ArrayList<>();
        for (String f : a) bs.add(ctx.installBundle(new File(f).toURI().toString()));
        for (Bundle b : bs) {
            try { b.start(); } catch (BundleException e) { System.out.println("START FAIL " + b.getSymbolicName() + ": " + e.getMessage()); }
        }
        Thread.sleep(1500);
        for (Bundle b : bs) System.out.println(b.getSymbolicName() + " state=" + b.getState());
        ServiceReference<?>[] refs = ctx.getAllServiceReferences(null, "(|(covidmtl.stage=*)(osgi.command.scope=volume))");
        for (ServiceReference<?> r : refs) System.out.println("service " + r.getProperty("covidmtl.stage") + " " + r.getProperty("covidmtl.name") + " " + r.getProperty("osgi.command.scope") + " " + Arrays.toString((String[]) r.getProperty("objectClass")));
        // read through the dicom service: JPEG 2000 inside OSGi
        for (ServiceReference<?> r : ctx.getAllServiceReferences("org.covidmtl.api.volume.VolumeReader", "(covidmtl.name=dicom)")) {
            Object svc = ctx.getService(r);
            Object progress = svc.getClass().getClassLoader().loadClass("org.covidmtl.api.stage.Progress").getMethod("none").invoke(null);
            for (String in : new String[] {System.getProperty("covidmtl.shared") + "/data/totalsegmentator/example_ct_dicom", System.getProperty("covidmtl.shared") + "/data/dicom/cornerstone_ct_transfer_syntaxes/CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm"}) {
                Object lv = svc.getClass().getMethod("read", Path.class, Map.class, svc.getClass().getClassLoader().loadClass("org.covidmtl.api.stage.Progress"))
                        .invoke(svc, Path.of(in), Map.of(), progress);
                Object vol = lv.getClass().getMethod("volume").invoke(lv);
                System.out.println("read " + in + " -> " + vol.getClass().getMethod("geometry").invoke(vol) + " " + Arrays.toString((double[]) vol.getClass().getMethod("minMaxMean").invoke(vol)));
            }
        }
        fw.stop();
        fw.waitForStop(5000);
        System.exit(0);
    }
}
