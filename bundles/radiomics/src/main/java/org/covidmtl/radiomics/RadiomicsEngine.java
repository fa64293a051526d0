package org.covidmtl.radiomics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.GridMismatchException;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.features.FeatureResult;
import org.covidmtl.api.features.FeatureVector;
import org.covidmtl.api.features.Provenance;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;

/**
 * The radiomics extraction: region, images (original, wavelet sub-bands one at a time, sharing their passes:
 * {@link WaveletBands}), families in parallel on a shared discretisation, then HOG of one axial slice if enabled
 * ({@link HogExtractor}), values named by the {@link ExtractionPlan}.
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
        Volume original = image;
        Mask originalMask = mask;
        Map<String, String> diagnostics = new LinkedHashMap<>();
        if (!settings.resampledSpacing().isEmpty()) {
            if (!image.geometry().sameGrid(mask.geometry(), RoiFactory.GRID_TOLERANCE)) {
                throw new GridMismatchException("mask", image.geometry(), mask.geometry());
            }
            Resampler.Resampled r = Resampler.resample(image, mask, settings.label(), settings.resampledSpacing(),
                    settings.processing());
            image = r.image();
            mask = r.mask();
            diagnostics.put("Image-interpolated_Size", Arrays.toString(image.geometry().size()));
            diagnostics.put("Image-interpolated_Spacing", Arrays.toString(image.geometry().spacing()));
            diagnostics.put("Mask-interpolated_VoxelNum", Long.toString(countLabel(mask, settings.label())));
        } else if (settings.processing().roundIntensities()) {
            image = Resampler.round(image);
        }
        Roi roi = RoiFactory.of(image, mask, settings);
        Roi shapeRoi = roi;
        if (RoiFactory.resegments(settings) && !settings.processing().resegmentShape()
                && plan.perImage.values().stream().anyMatch(m -> m.containsKey(FeatureClass.SHAPE)
                        || m.containsKey(FeatureClass.GLDZM))) {
            shapeRoi = RoiFactory.of(image, mask, RoiFactory.withoutResegmentation(settings));
        }
        // the provenance hashes (serial, ~0.1 s per 100 M voxels) run beside the extraction
        FutureTask<String[]> hashes = new FutureTask<>(() -> new String[] {Hashes.sha256(original.voxels()),
                Hashes.sha256(originalMask.labels())});
        Thread hasher = new Thread(hashes, "radiomics-provenance-hash");
        hasher.setDaemon(true);
        hasher.start();
        double[] values = new double[plan.names.size()];
        Arrays.fill(values, Double.NaN);
        List<String> warnings = new ArrayList<>();
        diagnostics.put("Mask-original_VoxelNum", Long.toString(countLabel(originalMask, settings.label())));
        diagnostics.put("Mask-resegmented_VoxelNum", Integer.toString(roi.count));
        if (RoiFactory.resegments(settings)) {
            double[] b = RoiFactory.bounds(image, mask, settings);
            diagnostics.put("Mask-resegmented_Range", "[" + b[0] + ", " + b[1] + "]");
            diagnostics.put("Mask-resegmented_Method", RoiFactory.describe(settings));
        }
        diagnostics.put("Mask-original_BoundingBox",
                "(" + roi.x0 + ", " + roi.y0 + ", " + roi.z0 + ", " + roi.nx + ", " + roi.ny + ", " + roi.nz + ")");
        for (ImageSpec img : plan.perImage.keySet()) {
            diagnostics.put(img.name() + "_GrayLevels", "");
        }
        int done = 0;
        int total = plan.perImage.size();
        char[] levels = null;
        List<ImageSpec> order = computeOrder(plan.perImage.keySet());
        for (ImageSpec img : List.copyOf(order)) {
            String refusal = img.type() == ImageType.LOG
                    ? LaplacianOfGaussian.refusal(image.geometry().size(), image.geometry().spacing(), img.sigma()) : null;
            if (refusal != null) {
                // PyRadiomics skips the image with a warning; its features stay NaN here
                warnings.add(img.name() + " not computed: " + refusal);
                order.remove(img);
                done++;
            }
        }
        try (RegionValues regions = new RegionValues(image, roi, order, settings)) {
            for (ImageSpec img : order) {
                progress.checkCanceled();
                progress.setProgress((double) done / total, img.name());
                double[] region = regions.take();
                FamilyComputer.Computed computed = FamilyComputer.compute(roi, shapeRoi, region, plan.perImage.get(img), settings, levels,
                        img.type() == ImageType.ORIGINAL ? image : null);
                levels = computed.levels();
                diagnostics.put(img.name() + "_GrayLevels", Integer.toString(computed.grayLevels()));
                for (ExtractionPlan.Item it : plan.items) {
                    if (it.image().equals(img)) {
                        values[it.slot()] = computed.values().get(it.cls()).get(it.feature());
                    }
                }
                done++;
            }
        }
        if (settings.hog() != null) {
            progress.checkCanceled();
            progress.setProgress((double) done / (total + 1), "HOG");
            double[] hog = HogExtractor.compute(image, mask, settings.label(), settings.hog(), warnings, diagnostics).features();
            System.arraycopy(hog, 0, values, plan.hogOffset, hog.length);
        }
        for (int i = 0; i < plan.hogOffset; i++) {
            if (Double.isNaN(values[i])) {
                warnings.add(plan.names.get(i) + " is NaN");
            }
        }
        long hogNaN = Arrays.stream(values, plan.hogOffset, values.length).filter(Double::isNaN).count();
        if (hogNaN > 0) {
            warnings.add(hogNaN + " of " + (values.length - plan.hogOffset) + " HOG features are NaN");
        }
        if (roi.count < 2) {
            warnings.add("region has " + roi.count + " voxel: texture features are degenerate");
        }
        progress.setProgress(1, "done");
        String[] sha = Futures.await(hashes, "hashing the inputs");
        Provenance prov = new Provenance(settings, sha[0], sha[1], original.geometry(),
                name, version, Instant.now());
        return new FeatureResult(new FeatureVector(plan.names, values), diagnostics, warnings, prov);
    }

    /**
     * The original first, then the wavelet sub-bands sorted by name, so that they share their x and y passes, then
     * the other image types in {@link ImageType} order (LoG in sigma order as given).
     */
    private static List<ImageSpec> computeOrder(Collection<ImageSpec> images) {
        List<ImageSpec> order = new ArrayList<>(images);
        order.sort(Comparator.comparing(ImageSpec::type).thenComparing(ImageSpec::band));
        return order;
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
