package org.covidmtl.volume.io;

import org.covidmtl.api.volume.VolumeGeometry;

/** Small 3×3 / affine helpers for geometry conversions. */
public final class Geometry {
    private Geometry() {
    }

    /**
     * Geometry from a 3×4 affine (row-major rows of [R·diag(s) | t]) in LPS: the spacing of axis a is the
     * norm of column a, its direction the normalised column.
     */
    public static VolumeGeometry fromAffine(int[] size, double[][] m) {
        double[] spacing = new double[3];
        double[] dir = new double[9];
        for (int a = 0; a < 3; a++) {
            double n = Math.sqrt(m[0][a] * m[0][a] + m[1][a] * m[1][a] + m[2][a] * m[2][a]);
            if (!(n > 0)) {
                throw new IllegalArgumentException("axis " + a + " of the affine has zero length");
            }
            spacing[a] = n;
            for (int r = 0; r < 3; r++) {
                dir[3 * r + a] = m[r][a] / n;
            }
        }
        return new VolumeGeometry(size, spacing, new double[] {m[0][3], m[1][3], m[2][3]}, dir);
    }

    /** The 3×4 LPS affine of a geometry: columns direction·spacing, last column origin. */
    public static double[][] toAffine(VolumeGeometry g) {
        double[] d = g.direction();
        double[] s = g.spacing();
        double[] o = g.origin();
        double[][] m = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int a = 0; a < 3; a++) {
                m[r][a] = d[3 * r + a] * s[a];
            }
            m[r][3] = o[r];
        }
        return m;
    }

    public static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    public static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Human-readable orientation code (ITK style, e.g. RAI for identity LPS direction). */
    public static String orientationCode(VolumeGeometry g) {
        double[] d = g.direction();
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < 3; a++) {
            int best = 0;
            for (int r = 1; r < 3; r++) {
                if (Math.abs(d[3 * r + a]) > Math.abs(d[3 * best + a])) {
                    best = r;
                }
            }
            boolean pos = d[3 * best + a] > 0;
            // axis points towards L/P/S when positive, so it runs from R/A/I
            sb.append(switch (best) {
                case 0 -> pos ? 'R' : 'L';
                case 1 -> pos ? 'A' : 'P';
                default -> pos ? 'I' : 'S';
            });
        }
        return sb.toString();
    }
}
