package org.covidmtl.radiomics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.FeatureVector;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.Provenance;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;

/**
 * The radiomics extraction: region, images (original, wavelet sub-bands one at a time), families in
 * parallel on a shared discretisation, values named by the {@link ExtractionPlan}.
 */
public final class RadiomicsEngine {
    private final String name;
    private final String version;

    public RadiomicsEngine(String name, String version) {
        this.name = name;
        this.version = version;
    }

    public List<String> featureNames(ExtractionSettings settings) {
        return ExtractionPlan.of(settings).names;
    }

    public FeatureResult extract(Volume image, Mask mask, ExtractionSettings settings, Progress progress) {
        ExtractionPlan plan = ExtractionPlan.of(settings);
        Roi roi = RoiFactory.of(image, mask, settings);
        int[] size = image.geometry().size();
        double[] values = new double[plan.names.size()];
        Arrays.fill(values, Double.NaN);
        Map<String, String> diagnostics = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        diagnostics.put("Mask-original_VoxelNum", Long.toString(countLabel(mask, settings.label())));
        diagnostics.put("Mask-resegmented_VoxelNum", Integer.toString(roi.count));
        diagnostics.put("Mask-original_BoundingBox",
                "(" + roi.x0 + ", " + roi.y0 + ", " + roi.z0 + ", " + roi.nx + ", " + roi.ny + ", " + roi.nz + ")");
        int done = 0;
        int total = plan.perImage.size();
        for (Map.Entry<ImageSpec, Map<FeatureClass, List<String>>> e : plan.perImage.entrySet()) {
            progress.checkCanceled();
            ImageSpec img = e.getKey();
            progress.setProgress((double) done / total, img.name());
            double[] box = boxValues(image, size, roi, img);
            FamilyComputer.Computed computed = FamilyComputer.compute(roi, box, e.getValue(), settings);
            diagnostics.put(img.name() + "_GrayLevels", Integer.toString(computed.grayLevels()));
            for (ExtractionPlan.Item it : plan.items) {
                if (it.image().equals(img)) {
                    values[it.slot()] = computed.values().get(it.cls()).get(it.feature());
                }
            }
            done++;
        }
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                warnings.add(plan.names.get(i) + " is NaN");
            }
        }
        if (roi.count < 2) {
            warnings.add("region has " + roi.count + " voxel: texture features are degenerate");
        }
        progress.setProgress(1, "done");
        Provenance prov = new Provenance(settings, Hashes.sha256(image.voxels()), Hashes.sha256(mask.labels()), image.geometry(),
                name, version, Instant.now());
        return new FeatureResult(new FeatureVector(plan.names, values), diagnostics, warnings, prov);
    }

    private static double[] boxValues(Volume image, int[] size, Roi roi, ImageSpec img) {
        if (img.type() == ImageType.ORIGINAL) {
            float[] v = image.voxels();
            return roi.cut(i -> v[i], size[0], size[1]);
        }
        double[] band = Wavelet.subBand(image.voxels(), size, img.band());
        return roi.cut(i -> band[i], size[0], size[1]);
    }

    private static long countLabel(Mask mask, int label) {
        long n = 0;
        for (byte b : mask.labels()) {
            if ((b & 0xff) == label) {
                n++;
            }
        }
        return n;
    }
}
