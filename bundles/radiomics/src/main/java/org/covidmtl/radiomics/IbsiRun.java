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
 * A, B or C ({@code ibsi-config-a.yaml} …), or the digital phantom ({@code ibsi-digital-phantom.yaml}) — run with its
 * shipped configuration and compared with IBSI's reference values ({@link IbsiCompliance}). The data folder is IBSI's
 * layout: {@code ibsi_1_ct_radiomics_phantom/nifti/{image/phantom.nii.gz, mask/mask.nii.gz}},
 * {@code ibsi_1_digital_phantom/nifti/…}, {@code reference_values/ibsi_1_reference_values_{config_A…, digital_phantom}.csv}.
 */
public final class IbsiRun {
    private final RadiomicsEngine engine;
    private final VolumeInputs inputs;

    public IbsiRun(RadiomicsEngine engine, VolumeInputs inputs) {
        this.engine = engine;
        this.inputs = inputs;
    }

    /**
     * @param which {@code A}, {@code B}, {@code C} (any case) or {@code phantom}
     * @param data the IBSI data folder
     * @param config the folder with the shipped parameter files ({@code config/radiomics})
     */
    public IbsiCompliance.Report run(String which, Path data, Path config, Progress progress) {
        String w = which == null ? "" : which.trim();
        boolean phantom = w.equalsIgnoreCase("phantom") || w.equalsIgnoreCase("digital-phantom");
        if (!phantom && !w.matches("(?i)[abc]")) {
            throw new InvalidSettingException("ibsi " + which, "must be A, B, C (the CT phantom's configurations) or phantom");
        }
        String set = phantom ? "ibsi_1_digital_phantom" : "ibsi_1_ct_radiomics_phantom";
        Path image = existing(data.resolve(set).resolve("nifti/image/phantom.nii.gz"), "IBSI image");
        Path mask = existing(data.resolve(set).resolve("nifti/mask/mask.nii.gz"), "IBSI mask");
        Path csv = existing(data.resolve("reference_values").resolve("ibsi_1_reference_values_"
                + (phantom ? "digital_phantom" : "config_" + w.toUpperCase(Locale.ROOT)) + ".csv"), "IBSI reference values");
        Path params = existing(config.resolve(phantom ? "ibsi-digital-phantom.yaml" : "ibsi-config-" + w.toLowerCase(Locale.ROOT)
                + ".yaml"), "IBSI parameter file");
        ExtractionSettings s = SettingsReader.read(params);
        String dataset = phantom ? "digital phantom" : "CT phantom configuration " + w.toUpperCase(Locale.ROOT);
        return IbsiCompliance.check(engine, dataset, inputs.image(image, progress), inputs.mask(mask, progress), s,
                IbsiCompliance.referenceRows(csv), phantom, progress);
    }

    private static Path existing(Path p, String what) {
        if (!Files.isRegularFile(p)) {
            throw new StageException(p.toString(), what + " not found (pass the IBSI data folder: ibsi_1_ct_radiomics_phantom, "
                    + "ibsi_1_digital_phantom, reference_values)");
        }
        return p;
    }
}
