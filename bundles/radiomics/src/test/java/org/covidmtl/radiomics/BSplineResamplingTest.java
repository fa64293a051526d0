package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.features.ImageProcessing.Interpolator;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.junit.jupiter.api.Test;

/**
 * Cubic B-spline resampling ({@code sitkBSpline}, IBSI's "tricubic spline") against SciPy itself: fixture
 * {@code bspline-reference.csv} made by {@code bench/radiomics/bspline_reference.py} with
 * {@code scipy.ndimage.map_coordinates(order=3, mode='nearest')} on a 20 × 20 × 10 crop of the IBSI CT phantom at the
 * edge of its GTV, resampled to 2 mm on IBSI's centred grid (whose first and last z positions lie 1/6 voxel outside the
 * crop, so the edge extension is exercised too).
 */
class BSplineResamplingTest {
    /** Relative agreement asserted (of max(|SciPy|, 1 HU)). */
    static final double TOLERANCE = 1e-4;

    record Fixture(String file, int[] crop, double[] spacing, double target, double[][] pos, double[] values) {
    }

    @Test
    void resamplingMatchesScipyCubicSplineOnRealCt() throws IOException {
        Fixture f = fixture();
        Volume full = TestData.volume(TestData.data(f.file()));
        int[] c = f.crop();
        int nx = c[3];
        int ny = c[4];
        int nz = c[5];
        float[] v = new float[nx * ny * nz];
        VolumeGeometry g = full.geometry();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    v[x + nx * (y + ny * z)] = full.voxels()[g.index(x + c[0], y + c[1], z + c[2])];
                }
            }
        }
        VolumeGeometry cg = new VolumeGeometry(new int[] {nx, ny, nz}, g.spacing(), g.toPhysical(c[0], c[1], c[2]), g.direction());
        Volume crop = new Volume(cg, v);
        byte[] labels = new byte[v.length];
        Arrays.fill(labels, (byte) 1);
        ImageProcessing p = ImageProcessing.PYRADIOMICS.withGridAlignment(ImageProcessing.GridAlignment.IBSI_CENTRE)
                .withInterpolator(Interpolator.BSPLINE).withMaskInterpolator(Interpolator.LINEAR);
        Resampler.Resampled r = Resampler.resample(crop, new Mask(cg, labels), 1, List.of(f.target(), f.target(), f.target()), p);
        assertThat(r.image().geometry().size()).containsExactly(f.pos()[0].length, f.pos()[1].length, f.pos()[2].length);
        assertThat(r.image().geometry().spacing()).containsExactly(f.target(), f.target(), f.target());
        float[] out = r.image().voxels();
        assertEquals(f.values().length, out.length);
        double worst = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < out.length; i++) {
            double ref = f.values()[i];
            worst = Math.max(worst, Math.abs(out[i] - ref) / Math.max(Math.abs(ref), 1));
            min = Math.min(min, ref);
            max = Math.max(max, ref);
        }
        System.out.printf("B-spline vs SciPy: %d values in [%.1f, %.1f] HU, worst relative difference %.2e%n", out.length, min,
                max, worst);
        // the crop spans lung and tumour
        assertThat(min).isLessThan(-900);
        assertThat(max).isGreaterThan(100);
        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
        // the same in double precision, straight through the separable interpolation
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        double[] exact = Resampler.interpolate(d, new int[] {nx, ny, nz}, f.pos(), Interpolator.BSPLINE);
        double worstExact = 0;
        for (int i = 0; i < exact.length; i++) {
            worstExact = Math.max(worstExact, Math.abs(exact[i] - f.values()[i]) / Math.max(Math.abs(f.values()[i]), 1));
        }
        System.out.printf("B-spline vs SciPy in double precision: worst relative difference %.2e%n", worstExact);
        assertThat(worstExact).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void splineReproducesTheSamplesAtTheGridPoints() {
        double[] line = {3, -1, 4, 1, -5, 9, 2, 6};
        double[] pos = new double[line.length];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = i;
        }
        double[] out = Resampler.interpolate(line, new int[] {line.length, 1, 1}, new double[][] {pos, {0}, {0}}, Interpolator.BSPLINE);
        for (int i = 0; i < line.length; i++) {
            assertEquals(line[i], out[i], 1e-12);
        }
        // a linear ramp is reproduced between the points too (cubic B-splines reproduce polynomials to degree 3; the
        // edge extension bends it only by ~z^d, z = 2 - sqrt(3), d voxels from the ends)
        double[] ramp = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50, 52, 54};
        double[] mid = {13.25, 13.5, 14.75};
        double[] r = Resampler.interpolate(ramp, new int[] {ramp.length, 1, 1}, new double[][] {mid, {0}, {0}}, Interpolator.BSPLINE);
        assertEquals(26.5, r[0], 1e-7);
        assertEquals(27.0, r[1], 1e-7);
        assertEquals(29.5, r[2], 1e-7);
    }

    static Fixture fixture() throws IOException {
        String file = null;
        int[] crop = null;
        double[] spacing = null;
        double target = 0;
        double[][] pos = new double[3][];
        List<Double> values = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                BSplineResamplingTest.class.getResourceAsStream("/bspline-reference.csv"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                switch (f[0]) {
                    case "file" -> file = f[1];
                    case "crop" -> crop = Arrays.stream(f, 1, 7).mapToInt(Integer::parseInt).toArray();
                    case "spacing" -> {
                        spacing = Arrays.stream(f, 1, 4).mapToDouble(Double::parseDouble).toArray();
                        target = Double.parseDouble(f[4]);
                    }
                    case "pos" -> pos[Integer.parseInt(f[1])] = Arrays.stream(f, 2, f.length).mapToDouble(Double::parseDouble).toArray();
                    case "v" -> values.add(Double.parseDouble(f[4]));
                    default -> throw new IOException("unexpected fixture row " + line);
                }
            }
        }
        return new Fixture(file, crop, spacing, target, pos, values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
