package org.covidmtl.segmentation;

/**
 * Picks the lung components among the 3-D components of inside air. The reference keeps only the
 * largest one; here every component that looks like lung parenchyma is kept:
 * <ul>
 * <li>its median density is above {@link #PARENCHYMA_HU} (more than half of its voxels above −950 HU):
 * gas in the stomach, bowel or oesophagus is near −1000 HU, aerated lung around −850 HU, and even severe
 * emphysema rarely has more than half of the lung below −950 HU;</li>
 * <li>its largest axial cross-section is at least {@link #MIN_SECTION_MM2}: a lung cut by the field of
 * view or by the first or last slice still shows several cm², a bowel loop or an air bubble in the
 * mediastinum does not.</li>
 * </ul>
 */
final class LungCandidates {
    static final float PARENCHYMA_HU = -950f;
    static final double MIN_SECTION_MM2 = 1000;

    private LungCandidates() {
    }

    /** The lung-like components of {@code comps}, numbered as a labelling of their voxels alone would. */
    static Components select(Components comps, float[] hu, int nx, int ny, int nz, double pixelMm2) {
        int n = comps.count();
        int[] l = comps.labels();
        long[] dense = new long[n + 1];
        int plane = nx * ny;
        int[] section = new int[n + 1];
        int[] maxSection = new int[n + 1];
        for (int k = 0; k < nz; k++) {
            java.util.Arrays.fill(section, 0);
            for (int p = k * plane, e = p + plane; p < e; p++) {
                int c = l[p];
                if (c != 0) {
                    section[c]++;
                    if (hu[p] > PARENCHYMA_HU) {
                        dense[c]++;
                    }
                }
            }
            for (int c = 1; c <= n; c++) {
                maxSection[c] = Math.max(maxSection[c], section[c]);
            }
        }
        boolean[] keep = new boolean[n + 1];
        for (int c = 1; c <= n; c++) {
            keep[c] = 2 * dense[c] > comps.size(c) && maxSection[c] * pixelMm2 >= MIN_SECTION_MM2;
        }
        return comps.subset(keep);
    }
}
