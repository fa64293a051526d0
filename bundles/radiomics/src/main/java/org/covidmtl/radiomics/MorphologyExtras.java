package org.covidmtl.radiomics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.covidmtl.api.features.InvalidSettingException;

/**
 * IBSI morphology features PyRadiomics lacks (IBSI chapter 1, "Morphological features"), shape features computed
 * only when named: CentreOfMassShift ({@code morph_com}), Volume/AreaDensityAABB (axis-aligned bounding box of the
 * mesh), Volume/AreaDensityAEE (approximate enclosing ellipsoid: semi-axes 2√λ of the voxel centres' covariance,
 * IBSI's sample covariance; its area by IBSI's Legendre series, 20 terms: IBSI's approximation, about 1 % from the
 * exact area for mildly elongated ellipsoids, more for elongated ones), Volume/AreaDensityConvexHull (the mesh's
 * convex hull, exact: incremental hull in integer mesh coordinates), MoransI and GearysC (IBSI's inverse-distance
 * weights over all voxel pairs of the intensity mask, computed exactly: the pair sums are correlations over voxel
 * offsets, evaluated with 3-D FFTs in O(M log M) for the box's M voxels instead of O(N²) pairs).
 */
final class MorphologyExtras {
    static final List<String> NAMES = List.of("CentreOfMassShift", "VolumeDensityAABB", "AreaDensityAABB", "VolumeDensityAEE",
            "AreaDensityAEE", "VolumeDensityConvexHull", "AreaDensityConvexHull", "MoransI", "GearysC");

    /** Largest FFT grid for Moran's I / Geary's C: 2^24 cells, six double arrays = 768 MiB. */
    static final long MAX_FFT_CELLS = 1L << 24;

    private MorphologyExtras() {
    }

    /**
     * @param morph the morphological mask (shape's region)
     * @param mesh its surface mesh
     * @param roi the intensity mask (re-segmented)
     * @param values the intensity mask's values, box order
     * @param wanted the names to compute
     */
    static Map<String, Double> compute(Roi morph, SurfaceMesh mesh, Roi roi, double[] values, List<String> wanted) {
        Map<String, Double> f = new HashMap<>();
        double v = mesh.volume;
        double a = mesh.area;
        if (wanted.contains("CentreOfMassShift")) {
            f.put("CentreOfMassShift", centreOfMassShift(morph, roi, values));
        }
        if (wanted.contains("VolumeDensityAABB") || wanted.contains("AreaDensityAABB")) {
            int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
            int[] hi = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
            for (long p : mesh.vertices) {
                int[] c = {SurfaceMesh.x2(p), SurfaceMesh.y2(p), SurfaceMesh.z2(p)};
                for (int d = 0; d < 3; d++) {
                    lo[d] = Math.min(lo[d], c[d]);
                    hi[d] = Math.max(hi[d], c[d]);
                }
            }
            double[] e = new double[3];
            for (int d = 0; d < 3; d++) {
                e[d] = (hi[d] - lo[d]) * morph.spacing[d] / 2;
            }
            f.put("VolumeDensityAABB", v / (e[0] * e[1] * e[2]));
            f.put("AreaDensityAABB", a / (2 * (e[0] * e[1] + e[1] * e[2] + e[0] * e[2])));
        }
        if (wanted.contains("VolumeDensityAEE") || wanted.contains("AreaDensityAEE")) {
            double[] ev = ShapeFeatures.axisEigenvalues(morph);
            double n = morph.count;
            double scale = n > 1 ? n / (n - 1) : Double.NaN; // IBSI: the sample covariance
            double sa = 2 * Math.sqrt(ev[2] * scale);
            double sb = 2 * Math.sqrt(ev[1] * scale);
            double sc = 2 * Math.sqrt(ev[0] * scale);
            f.put("VolumeDensityAEE", v / (4 * Math.PI / 3 * sa * sb * sc));
            f.put("AreaDensityAEE", a / ellipsoidArea(sa, sb, sc));
        }
        if (wanted.contains("VolumeDensityConvexHull") || wanted.contains("AreaDensityConvexHull")) {
            double[] hull = convexHull(mesh.vertices, morph.spacing);
            f.put("VolumeDensityConvexHull", hull[0] > 0 ? v / hull[0] : Double.NaN);
            f.put("AreaDensityConvexHull", hull[0] > 0 ? a / hull[1] : Double.NaN);
        }
        if (wanted.contains("MoransI") || wanted.contains("GearysC")) {
            double[] mg = moranGeary(roi, values);
            f.put("MoransI", mg[0]);
            f.put("GearysC", mg[1]);
        }
        return f;
    }

    /** Distance (mm) between the morphological mask's centre and the intensity mask's intensity-weighted centre. */
    static double centreOfMassShift(Roi morph, Roi roi, double[] values) {
        double[] g = new double[3];
        long n = 0;
        for (int z = 0; z < morph.nz; z++) {
            for (int y = 0; y < morph.ny; y++) {
                for (int x = 0; x < morph.nx; x++) {
                    if (morph.inside[morph.index(x, y, z)]) {
                        g[0] += x + morph.x0;
                        g[1] += y + morph.y0;
                        g[2] += z + morph.z0;
                        n++;
                    }
                }
            }
        }
        double[] w = new double[3];
        double sum = 0;
        int k = 0;
        for (int z = 0; z < roi.nz; z++) {
            for (int y = 0; y < roi.ny; y++) {
                for (int x = 0; x < roi.nx; x++) {
                    if (roi.inside[roi.index(x, y, z)]) {
                        double val = values[k++];
                        w[0] += val * (x + roi.x0);
                        w[1] += val * (y + roi.y0);
                        w[2] += val * (z + roi.z0);
                        sum += val;
                    }
                }
            }
        }
        double d2 = 0;
        for (int d = 0; d < 3; d++) {
            double diff = (g[d] / n - w[d] / sum) * morph.spacing[d];
            d2 += diff * diff;
        }
        return Math.sqrt(d2);
    }

    /**
     * IBSI's approximation of the surface of an ellipsoid with semi-axes a ≥ b ≥ c:
     * {@code 4πab Σ_{ν=0}^{20} (αβ)^ν P_ν((α²+β²)/(2αβ)) / (1 − 4ν²)}, α = √(1 − b²/a²), β = √(1 − c²/a²), with
     * t_ν = (αβ)^ν P_ν(·) by the Legendre recurrence (finite when αβ = 0).
     */
    static double ellipsoidArea(double a, double b, double c) {
        double alpha = Math.sqrt(Math.max(0, 1 - b * b / (a * a)));
        double beta = Math.sqrt(Math.max(0, 1 - c * c / (a * a)));
        double s = (alpha * alpha + beta * beta) / 2;
        double ab2 = alpha * beta * alpha * beta;
        double tPrev = 1;
        double t = s;
        double sum = 1; // ν = 0
        sum += t / (1 - 4.0);
        for (int nu = 1; nu < 20; nu++) {
            double next = ((2 * nu + 1) * s * t - nu * ab2 * tPrev) / (nu + 1);
            tPrev = t;
            t = next;
            sum += t / (1 - 4.0 * (nu + 1) * (nu + 1));
        }
        return 4 * Math.PI * a * b * sum;
    }

    /** {volume, area} of the convex hull of the mesh vertices (doubled coordinates) at the spacing. */
    static double[] convexHull(long[] vertices, double[] spacing) {
        // only the lowest and highest x of each (y, z) row can be hull vertices
        Map<Long, long[]> rows = new HashMap<>();
        for (long p : vertices) {
            long key = p >>> 21;
            long[] r = rows.get(key);
            if (r == null) {
                rows.put(key, new long[] {p, p});
            } else {
                if (SurfaceMesh.x2(p) < SurfaceMesh.x2(r[0])) {
                    r[0] = p;
                }
                if (SurfaceMesh.x2(p) > SurfaceMesh.x2(r[1])) {
                    r[1] = p;
                }
            }
        }
        List<long[]> pts = new ArrayList<>();
        for (long[] r : rows.values()) {
            pts.add(new long[] {SurfaceMesh.x2(r[0]), SurfaceMesh.y2(r[0]), SurfaceMesh.z2(r[0])});
            if (r[1] != r[0]) {
                pts.add(new long[] {SurfaceMesh.x2(r[1]), SurfaceMesh.y2(r[1]), SurfaceMesh.z2(r[1])});
            }
        }
        pts.sort((p, q) -> Arrays.compare(p, q));
        java.util.Collections.shuffle(pts, new Random(1));
        long[][] p = pts.toArray(new long[0][]);
        int[] init = initialSimplex(p);
        if (init == null) {
            return new double[] {0, Double.NaN};
        }
        Hull h = new Hull(p);
        int a = init[0];
        int b = init[1];
        int c = init[2];
        int d = init[3];
        int[][] faces = {{a, b, c}, {a, b, d}, {a, c, d}, {b, c, d}};
        int[] opposite = {d, c, b, a};
        for (int k = 0; k < 4; k++) {
            int[] fc = faces[k];
            if (orient(p[fc[0]], p[fc[1]], p[fc[2]], p[opposite[k]]) > 0) {
                h.add(fc[0], fc[2], fc[1]);
            } else {
                h.add(fc[0], fc[1], fc[2]);
            }
        }
        for (int i = 0; i < p.length; i++) {
            if (i != a && i != b && i != c && i != d) {
                h.insert(i);
            }
        }
        double vol = 0;
        double area = 0;
        for (int f = 0; f < h.size; f++) {
            if (!h.alive[f]) {
                continue;
            }
            double[] u = scaled(p[h.fa[f]], spacing);
            double[] v = scaled(p[h.fb[f]], spacing);
            double[] w = scaled(p[h.fc[f]], spacing);
            vol += u[0] * (v[1] * w[2] - v[2] * w[1]) + u[1] * (v[2] * w[0] - v[0] * w[2]) + u[2] * (v[0] * w[1] - v[1] * w[0]);
            double ux = v[0] - u[0];
            double uy = v[1] - u[1];
            double uz = v[2] - u[2];
            double vx = w[0] - u[0];
            double vy = w[1] - u[1];
            double vz = w[2] - u[2];
            double cx = uy * vz - uz * vy;
            double cy = uz * vx - ux * vz;
            double cz = ux * vy - uy * vx;
            area += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
        }
        return new double[] {vol / 6, area};
    }

    private static double[] scaled(long[] p, double[] s) {
        return new double[] {p[0] * s[0] / 2, p[1] * s[1] / 2, p[2] * s[2] / 2};
    }

    /** (b − a) × (c − a) · (q − a), exact. */
    static long orient(long[] a, long[] b, long[] c, long[] q) {
        long ux = b[0] - a[0];
        long uy = b[1] - a[1];
        long uz = b[2] - a[2];
        long vx = c[0] - a[0];
        long vy = c[1] - a[1];
        long vz = c[2] - a[2];
        long wx = q[0] - a[0];
        long wy = q[1] - a[1];
        long wz = q[2] - a[2];
        return (uy * vz - uz * vy) * wx + (uz * vx - ux * vz) * wy + (ux * vy - uy * vx) * wz;
    }

    private static int[] initialSimplex(long[][] p) {
        if (p.length < 4) {
            return null;
        }
        int a = 0;
        int b = -1;
        for (int i = 1; i < p.length && b < 0; i++) {
            if (!Arrays.equals(p[i], p[a])) {
                b = i;
            }
        }
        if (b < 0) {
            return null;
        }
        int c = -1;
        for (int i = 0; i < p.length && c < 0; i++) {
            long ux = p[b][0] - p[a][0];
            long uy = p[b][1] - p[a][1];
            long uz = p[b][2] - p[a][2];
            long vx = p[i][0] - p[a][0];
            long vy = p[i][1] - p[a][1];
            long vz = p[i][2] - p[a][2];
            if (uy * vz - uz * vy != 0 || uz * vx - ux * vz != 0 || ux * vy - uy * vx != 0) {
                c = i;
            }
        }
        if (c < 0) {
            return null;
        }
        for (int i = 0; i < p.length; i++) {
            if (orient(p[a], p[b], p[c], p[i]) != 0) {
                return new int[] {a, b, c, i};
            }
        }
        return null;
    }

    /** Triangles of an incremental convex hull, oriented outwards, with a directed-edge → face index. */
    private static final class Hull {
        final long[][] p;
        int[] fa = new int[64];
        int[] fb = new int[64];
        int[] fc = new int[64];
        boolean[] alive = new boolean[64];
        int size;
        final Map<Long, Integer> edges = new HashMap<>();

        Hull(long[][] p) {
            this.p = p;
        }

        void add(int a, int b, int c) {
            if (size == fa.length) {
                fa = Arrays.copyOf(fa, size * 2);
                fb = Arrays.copyOf(fb, size * 2);
                fc = Arrays.copyOf(fc, size * 2);
                alive = Arrays.copyOf(alive, size * 2);
            }
            fa[size] = a;
            fb[size] = b;
            fc[size] = c;
            alive[size] = true;
            edges.put(key(a, b), size);
            edges.put(key(b, c), size);
            edges.put(key(c, a), size);
            size++;
        }

        static long key(int u, int v) {
            return ((long) u << 32) | (v & 0xffffffffL);
        }

        void insert(int i) {
            List<Integer> visible = new ArrayList<>();
            for (int f = 0; f < size; f++) {
                if (alive[f] && orient(p[fa[f]], p[fb[f]], p[fc[f]], p[i]) > 0) {
                    visible.add(f);
                }
            }
            if (visible.isEmpty()) {
                return;
            }
            java.util.Set<Integer> vis = new java.util.HashSet<>(visible);
            List<int[]> horizon = new ArrayList<>();
            for (int f : visible) {
                int[][] es = {{fa[f], fb[f]}, {fb[f], fc[f]}, {fc[f], fa[f]}};
                for (int[] e : es) {
                    Integer twin = edges.get(key(e[1], e[0]));
                    if (twin == null || !vis.contains(twin)) {
                        horizon.add(e);
                    }
                }
            }
            for (int f : visible) {
                alive[f] = false;
                int[][] es = {{fa[f], fb[f]}, {fb[f], fc[f]}, {fc[f], fa[f]}};
                for (int[] e : es) {
                    edges.remove(key(e[0], e[1]), f);
                }
            }
            for (int[] e : horizon) {
                add(e[0], e[1], i);
            }
        }
    }

    /** {Moran's I, Geary's C} of the intensity mask, IBSI's weights 1/distance (mm) over all voxel pairs. */
    static double[] moranGeary(Roi roi, double[] values) {
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        if (n < 2 || ss == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int px = Fft3.pow2(2 * roi.nx - 1);
        int py = Fft3.pow2(2 * roi.ny - 1);
        int pz = Fft3.pow2(2 * roi.nz - 1);
        long cells = (long) px * py * pz;
        if (cells > MAX_FFT_CELLS) {
            throw new InvalidSettingException("shape MoransI/GearysC", String.format(java.util.Locale.ROOT,
                    "the region's %d x %d x %d box needs a %d x %d x %d FFT grid (%.1f GiB) for the exact all-pairs sums,"
                            + " more than the %d-cell limit; leave MoransI and GearysC out for so large a region",
                    roi.nx, roi.ny, roi.nz, px, py, pz, cells * 48.0 / (1L << 30), MAX_FFT_CELLS));
        }
        int len = (int) cells;
        double[] mr = new double[len];
        double[] mi = new double[len];
        double[] dr = new double[len];
        double[] di = new double[len];
        double[] qr = new double[len];
        double[] qi = new double[len];
        int k = 0;
        for (int z = 0; z < roi.nz; z++) {
            for (int y = 0; y < roi.ny; y++) {
                for (int x = 0; x < roi.nx; x++) {
                    if (roi.inside[roi.index(x, y, z)]) {
                        int i = x + px * (y + py * z);
                        double d = values[k++] - mean;
                        mr[i] = 1;
                        dr[i] = d;
                        qr[i] = d * d;
                    }
                }
            }
        }
        Fft3.transform(mr, mi, px, py, pz, false);
        Fft3.transform(dr, di, px, py, pz, false);
        Fft3.transform(qr, qi, px, py, pz, false);
        for (int i = 0; i < len; i++) {
            double dd = dr[i] * dr[i] + di[i] * di[i];
            // conj(Q)·M − |D|²: the correlation of d² with the mask minus the autocorrelation of d
            double gr = qr[i] * mr[i] + qi[i] * mi[i] - dd;
            double gi = qr[i] * mi[i] - qi[i] * mr[i];
            qr[i] = gr;
            qi[i] = gi;
            dr[i] = dd;
            di[i] = 0;
            mr[i] = mr[i] * mr[i] + mi[i] * mi[i];
            mi[i] = 0;
        }
        Fft3.transform(mr, mi, px, py, pz, true);
        Fft3.transform(dr, di, px, py, pz, true);
        Fft3.transform(qr, qi, px, py, pz, true);
        double sw = 0;
        double moran = 0;
        double geary = 0;
        double[] sp = roi.spacing;
        for (int oz = -(roi.nz - 1); oz < roi.nz; oz++) {
            for (int oy = -(roi.ny - 1); oy < roi.ny; oy++) {
                for (int ox = -(roi.nx - 1); ox < roi.nx; ox++) {
                    if (ox == 0 && oy == 0 && oz == 0) {
                        continue;
                    }
                    int i = Math.floorMod(ox, px) + px * (Math.floorMod(oy, py) + py * Math.floorMod(oz, pz));
                    double w = 1 / Math.sqrt(Math.pow(ox * sp[0], 2) + Math.pow(oy * sp[1], 2) + Math.pow(oz * sp[2], 2));
                    // pair counts are integers: round away the FFT's rounding
                    sw += w * Math.rint(mr[i]);
                    moran += w * dr[i];
                    geary += w * qr[i];
                }
            }
        }
        return new double[] {n / sw * moran / ss, (n - 1) * 2 * geary / (2 * sw * ss)};
    }
}
