package org.covidmtl.assessment;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.covidmtl.api.model.ActivationMap;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * A class activation map drawn over axial slices of the volume the model read (COVID-MTL paper Fig. 7): a grid of
 * up to nine slices spread over the slices that hold the lungs (or the whole volume), lung window, radiological
 * view (the patient's right on the image's left, anterior up), the map in a jet colour scale blended in where it
 * is at least 20 % of its maximum, opacity growing with it.
 */
public final class CamImage {
    /** Panels per row and rows. */
    static final int GRID = 3;
    private static final int MIN_PANEL = 240;
    private static final double LOW_HU = -1350;
    private static final double WIDTH_HU = 1500;
    private static final double SHOWN = 0.2;
    private static final int TITLE = 22;
    private static final int GAP = 4;

    private CamImage() {
    }

    /** The axial slices shown: up to nine, evenly spread over the slices with lung (HU > −1000 somewhere). */
    static List<Integer> slices(ActivationMap m) {
        VolumeGeometry g = m.image().geometry();
        int nx = g.sizeX(), ny = g.sizeY(), nz = g.sizeZ();
        float[] v = m.image().voxels();
        int first = -1, last = -1;
        for (int k = 0; k < nz; k++) {
            int base = k * nx * ny;
            for (int i = 0; i < nx * ny; i++) {
                if (v[base + i] > -1000) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                    break;
                }
            }
        }
        if (first < 0) {
            first = 0;
            last = nz - 1;
        }
        int n = Math.min(GRID * GRID, last - first + 1);
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int k = n == 1 ? (first + last) / 2 : first + (int) Math.round((double) s * (last - first) / (n - 1));
            if (out.isEmpty() || out.get(out.size() - 1) != k) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * Renders the map.
     *
     * @param title the first line, e.g. {@code severity: severe/critical (p 0.62)}
     */
    public static BufferedImage render(ActivationMap m, String title) {
        VolumeGeometry g = m.image().geometry();
        int nx = g.sizeX(), ny = g.sizeY();
        int scale = Math.max(1, (int) Math.ceil(MIN_PANEL / (double) Math.max(nx, ny)));
        int w = nx * scale, h = ny * scale;
        List<Integer> ks = slices(m);
        int cols = Math.min(GRID, ks.size());
        int rows = (ks.size() + cols - 1) / cols;
        // the title line, then per row a slice label line and the panels
        BufferedImage img = new BufferedImage(cols * w + (cols - 1) * GAP, TITLE + rows * (TITLE + h) + (rows - 1)
                * GAP, BufferedImage.TYPE_INT_RGB);
        double[] d = g.direction();
        boolean flipX = d[0] < 0;
        boolean flipY = d[4] < 0;
        float[] v = m.image().voxels();
        float[] a = m.map().voxels();
        Graphics2D gr = img.createGraphics();
        try {
            gr.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            gr.setColor(Color.WHITE);
            gr.drawString(title, 4, 16);
            for (int p = 0; p < ks.size(); p++) {
                int k = ks.get(p);
                int x0 = (p % cols) * (w + GAP);
                int y0 = TITLE + (p / cols) * (h + TITLE + GAP) + TITLE;
                int base = k * nx * ny;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = x / scale, j = y / scale;
                        if (flipX) {
                            i = nx - 1 - i;
                        }
                        if (flipY) {
                            j = ny - 1 - j;
                        }
                        int idx = base + i + nx * j;
                        double grey = Math.max(0, Math.min(255, (v[idx] - LOW_HU) / WIDTH_HU * 255));
                        double r = grey, gg = grey, b = grey;
                        double c = a[idx];
                        if (c >= SHOWN) {
                            int rgb = jet(c);
                            double alpha = 0.25 + 0.4 * (c - SHOWN) / (1 - SHOWN);
                            r = (1 - alpha) * grey + alpha * (rgb >> 16 & 0xff);
                            gg = (1 - alpha) * grey + alpha * (rgb >> 8 & 0xff);
                            b = (1 - alpha) * grey + alpha * (rgb & 0xff);
                        }
                        img.setRGB(x0 + x, y0 + y, (int) r << 16 | (int) gg << 8 | (int) b);
                    }
                }
                gr.setColor(Color.LIGHT_GRAY);
                gr.drawString(String.format(Locale.ROOT, "slice %d/%d", k + 1, g.sizeZ()), x0 + 4, y0 - 6);
            }
        } finally {
            gr.dispose();
        }
        return img;
    }

    /** The jet colour of {@code t} in [0, 1] (blue → cyan → yellow → red), as 0xRRGGBB. */
    static int jet(double t) {
        double r = clamp(1.5 - Math.abs(4 * t - 3));
        double g = clamp(1.5 - Math.abs(4 * t - 2));
        double b = clamp(1.5 - Math.abs(4 * t - 1));
        return (int) Math.round(r * 255) << 16 | (int) Math.round(g * 255) << 8 | (int) Math.round(b * 255);
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
