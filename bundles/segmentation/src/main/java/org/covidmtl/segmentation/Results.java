package org.covidmtl.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.segmentation.SegmentationResult.Region;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.VolumeGeometry;

/** Builds a {@link SegmentationResult}: regions with voxel counts and volumes, warnings for a missing side. */
final class Results {
    private Results() {
    }

    static SegmentationResult of(String provider, Mask mask, boolean separateSides, String detail, List<String> warnings) {
        VolumeGeometry g = mask.geometry();
        double ml = g.spacing()[0] * g.spacing()[1] * g.spacing()[2] / 1000.0;
        long[] count = new long[3];
        for (byte b : mask.labels()) {
            count[b & 0xff]++;
        }
        List<Region> regions = new ArrayList<>();
        List<String> w = new ArrayList<>(warnings);
        if (separateSides) {
            regions.add(new Region(SegmentationResult.RIGHT_LUNG, "right lung", count[1], count[1] * ml));
            regions.add(new Region(SegmentationResult.LEFT_LUNG, "left lung", count[2], count[2] * ml));
            for (Region r : regions) {
                if (r.voxels() == 0) {
                    w.add("no " + r.name() + " found");
                }
            }
        } else {
            regions.add(new Region(SegmentationResult.LUNG, "lung", count[1], count[1] * ml));
        }
        StringBuilder d = new StringBuilder(provider).append(": ");
        for (int r = 0; r < regions.size(); r++) {
            Region region = regions.get(r);
            d.append(r == 0 ? "" : ", ").append(region.name())
                    .append(String.format(Locale.ROOT, " %.1f ml", region.volumeMl()));
        }
        d.append("; ").append(detail);
        return new SegmentationResult(mask, regions, d.toString(), w);
    }
}
