package org.covidmtl.segmentation;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * The paper's Algorithm 1: the classical mask refined slice by slice with active contours, so that
 * dense lesions at the lung border (ground glass, consolidation), which the −420 HU threshold leaves
 * out, are drawn back in. Per axial slice: with fewer than two regions or less than
 * {@code minAreaMm2} of lung, a closing with a disk of {@code smallCloseMm}; otherwise the largest region
 * and the union of the others each get a seed (the boundary of their closing with a disk of
 * {@code seedCloseMm}), a {@link Snake} on the slice with non-lung set to 0, a filled polygon; the
 * union with the classical mask keeps its {@code keepRegions} largest regions, each eroded by a disk of
 * {@code erodeMm} and closed by a disk of {@code finalCloseMm}. Radii are in mm (the reference's pixels
 * at 1 mm); the snake works in pixels of the slice. Labels follow the classical side of each region.
 *
 * @param snake the active contour's parameters
 * @param imageScale factor applied to HU + 1024 to form the snake's image (the reference's int16 image
 *        through skimage's {@code img_as_float}: 1/32767)
 */
public final class RefinedSegmenter implements LungSegmenter {

    /**
     * Every parameter of the refinement; {@link #paper()} are the reference's values.
     */
    public record Settings(double minAreaMm2, double smallCloseMm, double seedCloseMm, double alpha, double beta,
            double gamma, double wLine, double wEdge, double maxPxMove, int maxIterations, double convergence,
            double imageScale, int keepRegions, double erodeMm, double finalCloseMm) {

        public Settings {
            if (!(gamma > 0) || alpha < 0 || beta < 0 || maxIterations < 0 || !(maxPxMove > 0) || keepRegions < 1
                    || minAreaMm2 < 0 || smallCloseMm < 0 || seedCloseMm < 0 || erodeMm < 0 || finalCloseMm < 0) {
                throw new IllegalArgumentException("refinement settings out of range: " + this);
            }
        }

        public static Settings paper() {
            return new Settings(15000, 5, 10, 0.02, 20, 0.01, 0, 1, 1, 20, 0.1, 1 / 32767.0, 2, 2, 10);
        }

        Snake snake() {
            return new Snake(alpha, beta, gamma, wLine, wEdge, maxPxMove, maxIterations, convergence);
        }
    }

    private final ClassicalSegmenter classical;
    private final Settings settings;

    public RefinedSegmenter(ClassicalSegmenter classical, Settings settings) {
        this.classical = classical;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public SegmentationResult segment(String source, Volume ct, SegmentationOptions options, Progress progress) {
        try {
            return refine(source, ct, options, progress);
        } catch (OutOfMemoryError e) {
            throw InputCheck.outOfHeap(source, ct.geometry(), e);
        }
    }

    private SegmentationResult refine(String source, Volume ct, SegmentationOptions options, Progress progress) {
        ClassicalSegmenter.Classical base = classical.run(source, ct, options, progress.sub(0, 0.5));
        VolumeGeometry g = ct.geometry();
        int nx = g.sizeX(), ny = g.sizeY(), nz = g.sizeZ(), plane = nx * ny;
        byte[] in = base.mask().labels();
        byte[] out = new byte[in.length];
        Progress p = progress.sub(0.5, 1);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger snakes = new AtomicInteger();
        double[] sp = {g.spacing()[0], g.spacing()[1], 1};
        Parallel.forEach(nz, options.threads(), k -> {
            p.checkCanceled();
            snakes.addAndGet(refineSlice(ct.voxels(), in, out, k * plane, nx, ny, sp));
            p.setProgress(done.incrementAndGet() / (double) nz, "active contours");
        });
        String detail = String.format(Locale.ROOT, "%s; %d active contours", base.detail(), snakes.get());
        return Results.of("refined", new Mask(g, out), options.separateSides(), detail, base.warnings());
    }

    /** Refines one slice of {@code in} into {@code out}; returns the number of snakes run. */
    private int refineSlice(float[] hu, byte[] in, byte[] out, int off, int nx, int ny, double[] sp) {
        int plane = nx * ny;
        boolean[] m = new boolean[plane];
        long area = 0;
        for (int p = 0; p < plane; p++) {
            m[p] = in[off + p] != 0;
            area += m[p] ? 1 : 0;
        }
        if (area == 0) {
            return 0;
        }
        Components regions = Components.of(m, nx, ny, 1, Components.CONN_8);
        if (regions.count() < 2 || area * sp[0] * sp[1] < settings.minAreaMm2()) {
            write(DiskMorphology.close(m, nx, ny, sp, settings.smallCloseMm()), in, out, off, nx, ny);
            return 0;
        }
        int largest = regions.largest();
        int[] l = regions.labels();
        double[] img = new double[plane];
        for (int p = 0; p < plane; p++) {
            img[p] = m[p] ? Math.max(0, hu[off + p] + 1024) * settings.imageScale() : 0;
        }
        Snake snake = settings.snake();
        double[] energy = snake.energy(img, nx, ny);
        boolean[] union = m.clone();
        int runs = 0;
        for (int part = 0; part < 2; part++) {
            boolean[] lung = new boolean[plane];
            for (int p = 0; p < plane; p++) {
                lung[p] = l[p] != 0 && (l[p] == largest) == (part == 0);
            }
            boolean[] closed = DiskMorphology.close(lung, nx, ny, sp, settings.seedCloseMm());
            double[][] seed = BoundaryTrace.trace(largestOnly(closed, nx, ny), nx, ny);
            if (seed[0].length < 3) {
                continue;
            }
            snake.evolve(seed[0], seed[1], energy, nx, ny);
            runs++;
            boolean[] fill = PolygonFill.fill(seed[0], seed[1], nx, ny);
            SliceHoles.fill(fill, nx, ny);
            for (int p = 0; p < plane; p++) {
                union[p] |= fill[p];
            }
        }
        Components merged = Components.of(union, nx, ny, 1, Components.CONN_8);
        boolean[] result = new boolean[plane];
        for (int c : largest(merged, settings.keepRegions())) {
            boolean[] region = new boolean[plane];
            for (int p = 0; p < plane; p++) {
                region[p] = merged.labels()[p] == c;
            }
            boolean[] shaped = DiskMorphology.close(DiskMorphology.erode(region, nx, ny, sp, settings.erodeMm()), nx, ny,
                    sp, settings.finalCloseMm());
            for (int p = 0; p < plane; p++) {
                result[p] |= shaped[p];
            }
        }
        write(result, in, out, off, nx, ny);
        return runs;
    }

    /** Writes a refined slice, each 8-connected region taking the most frequent classical label under it. */
    private static void write(boolean[] m, byte[] in, byte[] out, int off, int nx, int ny) {
        Components c = Components.of(m, nx, ny, 1, Components.CONN_8);
        int[] l = c.labels();
        long[][] votes = new long[c.count() + 1][3];
        for (int p = 0; p < m.length; p++) {
            if (l[p] != 0) {
                votes[l[p]][in[off + p] & 0xff]++;
            }
        }
        for (int p = 0; p < m.length; p++) {
            if (l[p] != 0) {
                long[] v = votes[l[p]];
                out[off + p] = (byte) (v[2] > v[1] ? 2 : 1);
            }
        }
    }

    private static boolean[] largestOnly(boolean[] m, int nx, int ny) {
        Components c = Components.of(m, nx, ny, 1, Components.CONN_8);
        int best = c.largest();
        boolean[] out = new boolean[m.length];
        for (int p = 0; p < m.length; p++) {
            out[p] = best != 0 && c.labels()[p] == best;
        }
        return out;
    }

    private static int[] largest(Components c, int keep) {
        Integer[] order = new Integer[c.count()];
        for (int q = 0; q < order.length; q++) {
            order[q] = q + 1;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(c.size(b), c.size(a)));
        int n = Math.min(keep, order.length);
        int[] out = new int[n];
        for (int q = 0; q < n; q++) {
            out[q] = order[q];
        }
        return out;
    }
}
