package org.covidmtl.radiomics.ds;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.stage.ConsoleProgress;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.radiomics.IbsiCompliance;
import org.covidmtl.radiomics.IbsiRun;
import org.covidmtl.radiomics.RadiomicsEngine;
import org.covidmtl.radiomics.RadiomicsTool;
import org.covidmtl.radiomics.VolumeInputs;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands {@code radiomics:extract}, {@code radiomics:batch} and {@code radiomics:ibsi} over the registered volume
 * readers.
 */
@Component(service = RadiomicsCommands.class)
@GogoCommand(scope = "radiomics", function = {"extract", "batch", "ibsi"})
public final class RadiomicsCommands {
    private static final String NONE = "";
    private final StageDirectory directory;
    private final RadiomicsEngine engine;

    @Activate
    public RadiomicsCommands(@Reference StageDirectory directory, BundleContext context) {
        this.directory = directory;
        this.engine = new RadiomicsEngine("radiomics", context.getBundle().getVersion().toString());
    }

    @Descriptor("extracts the radiomic features of one image and mask into a one-row CSV (features, then diagnostics_* columns)")
    public String extract(
            @Descriptor("PyRadiomics YAML parameter file; default: PyRadiomics' defaults (config/radiomics/pyradiomics-default.yaml)") @Parameter(names = "--params", absentValue = NONE) String params,
            @Descriptor("mask label to measure; default: the parameter file's (1)") @Parameter(names = "--label", absentValue = "-1") int label,
            @Descriptor("output CSV; default: features.csv") @Parameter(names = "--out", absentValue = "features.csv") String out,
            @Descriptor("feature names: pyradiomics, paper (the COVID-MTL radiomics.csv columns) or ibsi (IBSI tags); default: the parameter file's") @Parameter(names = "--names", absentValue = NONE) String names,
            @Descriptor("image: any file a registered volume reader reads (.nii, .nii.gz, .nrrd, DICOM, .dtm)") String image,
            @Descriptor("label mask on the image's grid") String mask) {
        RadiomicsTool tool = tool();
        ExtractionSettings s = tool.settings(path(params), label < 0 ? null : label, names);
        ConsoleProgress p = new ConsoleProgress(System.out, "extract");
        try {
            return tool.extract(Paths.get(image), Paths.get(mask), s, source(params), Paths.get(out), p);
        } finally {
            p.done();
        }
    }

    @Descriptor("extracts every case of a PyRadiomics batch CSV (columns Image, Mask; others copied); a failed case gets an error row and the batch goes on")
    public String batch(
            @Descriptor("PyRadiomics YAML parameter file; default: PyRadiomics' defaults") @Parameter(names = "--params", absentValue = NONE) String params,
            @Descriptor("cases extracted at a time") @Parameter(names = "--jobs", absentValue = "1") int jobs,
            @Descriptor("batch CSV with Image and Mask columns (relative paths against its folder)") String cases,
            @Descriptor("output CSV") String out) {
        RadiomicsTool tool = tool();
        ExtractionSettings s = tool.settings(path(params), null, null);
        RadiomicsTool.BatchResult r = tool.batch(Paths.get(cases), Paths.get(out), s, source(params), jobs, System.out);
        String summary = r.extracted() + " extracted, " + r.failures().size() + " failed; written to " + out;
        if (!r.failures().isEmpty()) {
            System.out.println(summary);
            r.failures().forEach(f -> System.out.println("  failed: " + f));
            throw new StageException(cases, r.failures().size() + " of " + (r.extracted() + r.failures().size())
                    + " cases failed (listed above; error rows in " + out + ")");
        }
        return summary;
    }

    @Descriptor("runs an IBSI chapter 1 reference data set with its shipped configuration and prints the compliance table per family"
            + " (matched / compared / not computed / mismatches)")
    public String ibsi(
            @Descriptor("IBSI data folder (ibsi_1_ct_radiomics_phantom, ibsi_1_digital_phantom, reference_values); default:"
                    + " <covidmtl.shared>/data/ibsi, else ../shared/data/ibsi") @Parameter(names = "--data", absentValue = NONE) String data,
            @Descriptor("folder of ibsi-{A,B,C,D,E}.yaml and ibsi-digital-phantom.yaml; default: <covidmtl.home>/config/radiomics,"
                    + " else config/radiomics") @Parameter(names = "--config", absentValue = NONE) String config,
            @Descriptor("IBSI reference values CSV to compare with; default: <data>/reference_values/ibsi_1_reference_values_config_<X>.csv"
                    + " (for D and E, absent there: the values are printed, not compared)")
            @Parameter(names = "--reference", absentValue = NONE) String reference,
            @Descriptor("A, B, C, D or E (the CT phantom's configurations) or phantom (the digital phantom)") String which) {
        String shared = System.getProperty("covidmtl.shared");
        String home = System.getProperty("covidmtl.home");
        Path dataDir = !data.isEmpty() ? Paths.get(data)
                : shared != null && !shared.isBlank() ? Paths.get(shared, "data", "ibsi") : Paths.get("..", "shared", "data", "ibsi");
        Path configDir = !config.isEmpty() ? Paths.get(config)
                : home != null && !home.isBlank() ? Paths.get(home, "config", "radiomics") : Paths.get("config", "radiomics");
        ConsoleProgress p = new ConsoleProgress(System.out, "ibsi");
        IbsiCompliance.Report r;
        try {
            r = new IbsiRun(engine, inputs()).run(which, dataDir, configDir, path(reference), p);
        } finally {
            p.done();
        }
        return r.format().stripTrailing();
    }

    private VolumeInputs inputs() {
        List<VolumeReader> readers = new ArrayList<>();
        directory.providers(VolumeReader.class, StageProperties.STAGE_VOLUME_READER).forEach(sel -> readers.add(sel.service()));
        if (readers.isEmpty()) {
            throw new StageException("volume readers", "none is registered");
        }
        return new VolumeInputs(readers);
    }

    private RadiomicsTool tool() {
        List<VolumeReader> readers = new ArrayList<>();
        directory.providers(VolumeReader.class, StageProperties.STAGE_VOLUME_READER).forEach(sel -> readers.add(sel.service()));
        if (readers.isEmpty()) {
            throw new StageException("volume readers", "none is registered");
        }
        return new RadiomicsTool(engine, new VolumeInputs(readers));
    }

    private static Path path(String s) {
        return s == null || s.isEmpty() ? null : Paths.get(s);
    }

    private static String source(String params) {
        return params == null || params.isEmpty() ? "pyradiomics-default" : params;
    }
}
