package org.covidmtl.radiomics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.InvalidSettingException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;

/**
 * {@code radiomics:ibsi}: one of IBSI chapter 1's reference data sets — the CT radiomics phantom under configuration
 * A, B, C, D or E ({@code ibsi-A.yaml} … {@code ibsi-E.yaml}), or the digital phantom ({@code ibsi-digital-phantom.yaml})
 * — run with its shipped configuration and compared with IBSI's reference values ({@link IbsiCompliance}). The data
 * folder is IBSI's layout: {@code ibsi_1_ct_radiomics_phantom/nifti/{image/phantom.nii.gz, mask/mask.nii.gz}},
 * {@code ibsi_1_digital_phantom/nifti/…}, {@code reference_values/ibsi_1_reference_values_{config_A…, digital_phantom}.csv}.
 * A reference table given explicitly is used instead of the data folder's. Configurations D and E run without a
 * table too (the shared data has none): their values are printed with one line naming the missing table and where it
 * was looked for.
 */
public final class IbsiRun {
    private final RadiomicsEngine engine;
    private final VolumeInputs inputs;

    public IbsiRun(RadiomicsEngine engine, VolumeInputs inputs) {
        this.engine = engine;
        this.inputs = inputs;
    }

    /** {@link #run(String, Path, Path, Path, Progress)} with the data folder's reference table. */
    public IbsiCompliance.Report run(String which, Path data, Path config, Progress progress) {
        return run(which, data, config, null, progress);
    }

    /**
     * @param which {@code A} … {@code E} (any case) or {@code phantom}
     * @param data the IBSI data folder
     * @param config the folder with the shipped parameter files ({@code config/radiomics})
     * @param reference an IBSI reference CSV to compare with instead of the data folder's, or null
     */
    public IbsiCompliance.Report run(String which, Path data, Path config, Path reference, Progress progress) {
        String w = which == null ? "" : which.trim();
        boolean phantom = w.equalsIgnoreCase("phantom") || w.equalsIgnoreCase("digital-phantom");
        if (!phantom && !w.matches("(?i)[abcde]")) {
            throw new InvalidSettingException("ibsi " + which, "must be A, B, C, D, E (the CT phantom's configurations) or phantom");
        }
        String x = w.toUpperCase(Locale.ROOT);
        boolean optionalTable = x.equals("D") || x.equals("E");
        String set = phantom ? "ibsi_1_digital_phantom" : "ibsi_1_ct_radiomics_phantom";
        Path image = existing(data.resolve(set).resolve("nifti/image/phantom.nii.gz"), "IBSI image");
        Path mask = existing(data.resolve(set).resolve("nifti/mask/mask.nii.gz"), "IBSI mask");
        Path csv = reference != null ? reference
                : data.resolve("reference_values").resolve("ibsi_1_reference_values_" + (phantom ? "digital_phantom" : "config_" + x) + ".csv");
        if (reference != null || !optionalTable) {
            existing(csv, "IBSI reference values");
        }
        Path params = existing(config.resolve(phantom ? "ibsi-digital-phantom.yaml" : "ibsi-" + x + ".yaml"), "IBSI parameter file");
        ExtractionSettings s = SettingsReader.read(params);
        String dataset = phantom ? "digital phantom" : "CT phantom configuration " + x;
        if (!Files.isRegularFile(csv)) {
            return IbsiCompliance.uncompared(engine, dataset, inputs.image(image, progress), inputs.mask(mask, progress), s,
                    "no IBSI reference table for configuration " + x + ": looked for " + csv.toAbsolutePath().normalize()
                            + "; values not compared (pass --reference <ibsi_1_reference_values_config_" + x + ".csv>)",
                    progress);
        }
        return IbsiCompliance.check(engine, dataset, inputs.image(image, progress), inputs.mask(mask, progress), s,
                IbsiCompliance.referenceRows(csv), phantom, progress);
    }

    private static Path existing(Path p, String what) {
        if (!Files.isRegularFile(p)) {
            throw new StageException(p.toString(), what + " not found (pass the IBSI data folder: ibsi_1_ct_radiomics_phantom, "
                    + "ibsi_1_digital_phantom, reference_values" + (what.contains("reference") ? "; or --reference <csv>" : "") + ")");
        }
        return p;
    }
}
