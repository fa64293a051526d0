package org.covidmtl.segmentation;

/**
 * Fills, in each axial slice and for each label separately, the holes of that label (vessels and
 * airway walls inside a lung): background regions (4-connected) that do not touch the slice border.
 * Filling per label never fills the mediastinum, even where the two lungs meet in front and behind it
 * (the reference fills per slice on the union and would).
 */
final class HoleFill {
    private HoleFill() {
    }

    static void fill(byte[] labels, int nx, int ny, int nz, int maxLabel, int threads) {
        int plane = nx * ny;
        Parallel.forEach(nz, threads, k -> {
            int off = k * plane;
            for (int label = 1; label <= maxLabel; label++) {
                boolean[] m = new boolean[plane];
                boolean any = false;
                for (int p = 0; p < plane; p++) {
                    m[p] = labels[off + p] == label;
                    any |= m[p];
                }
                if (!any) {
                    continue;
                }
                SliceHoles.fill(m, nx, ny);
                for (int p = 0; p < plane; p++) {
                    if (m[p] && labels[off + p] == 0) {
                        labels[off + p] = (byte) label;
                    }
                }
            }
        });
    }
}
