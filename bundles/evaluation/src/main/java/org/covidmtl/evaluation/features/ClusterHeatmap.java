package org.covidmtl.evaluation.features;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.covidmtl.evaluation.AtomicFiles;

/**
 * A clustered heatmap drawn with Java 2D (headless): rows = features, columns = studies, cells = z-scores
 * (clipped to ±3, blue–white–red), both axes ordered by average-linkage clustering on the correlation distance,
 * with the study dendrogram on top and annotation rows (label, age, sex, ...) between dendrogram and heatmap.
 */
public final class ClusterHeatmap {

    /**
     * An annotation row.
     *
     * @param name shown at the left
     * @param values one per study: a class index for categorical rows, a number for continuous ones (NaN = unknown)
     * @param categorical whether values are class indices
     * @param categories names of the classes, for the legend (categorical rows)
     */
    public record Annotation(String name, double[] values, boolean categorical, List<String> categories) {
    }

    /**
     * What was drawn.
     *
     * @param featureOrder row order (indices into the feature names)
     * @param studyOrder column order (indices into the studies)
     */
    public record Layout(int[] featureOrder, int[] studyOrder) {
    }

    private static final Color[] CATEGORY = { new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
            new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948) };

    private ClusterHeatmap() {
    }

    /** Per-column z-scores (population std; a constant column becomes 0). */
    public static double[][] zScore(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[][] z = new double[n][d];
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (double[] r : x) {
                m += r[j];
            }
            m /= n;
            double ss = 0;
            for (double[] r : x) {
                ss += (r[j] - m) * (r[j] - m);
            }
            double sd = Math.sqrt(ss / n);
            for (int i = 0; i < n; i++) {
                z[i][j] = sd == 0 ? 0 : (x[i][j] - m) / sd;
            }
        }
        return z;
    }

    /**
     * Draws the heatmap.
     *
     * @param x [study][feature] raw values (z-scored here)
     */
    public static Layout write(Path png, String title, double[][] x, List<String> featureNames,
            List<Annotation> annotations) {
        double[][] z = zScore(x);
        int n = z.length;
        int d = featureNames.size();
        double[][] byFeature = new double[d][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                byFeature[j][i] = z[i][j];
            }
        }
        HierarchicalClustering.Tree rows = HierarchicalClustering.cluster(byFeature);
        HierarchicalClustering.Tree cols = HierarchicalClustering.cluster(z);

        int cellH = 16;
        int annH = 14;
        int dendroH = 90;
        int left = 170;
        int right = 260;
        int top = 40;
        int plotW = Math.max(400, Math.min(1400, n));
        int width = left + plotW + right;
        int height = top + dendroH + annotations.size() * (annH + 2) + 6 + d * cellH + 60;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double colW = (double) plotW / n;

        // dendrogram of the studies
        double[] xPos = new double[2 * n - 1];
        double[] yPos = new double[2 * n - 1];
        for (int p = 0; p < n; p++) {
            xPos[cols.order()[p]] = left + (p + 0.5) * colW;
        }
        double maxH = 1e-12;
        for (HierarchicalClustering.Merge m : cols.merges()) {
            maxH = Math.max(maxH, m.height());
        }
        int base = top + dendroH;
        for (int i = 0; i < n; i++) {
            yPos[i] = base;
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(0.6f));
        for (int s = 0; s < cols.merges().size(); s++) {
            HierarchicalClustering.Merge m = cols.merges().get(s);
            int node = n + s;
            double y = base - m.height() / maxH * (dendroH - 4);
            xPos[node] = (xPos[m.left()] + xPos[m.right()]) / 2;
            yPos[node] = y;
            g.drawLine((int) xPos[m.left()], (int) yPos[m.left()], (int) xPos[m.left()], (int) y);
            g.drawLine((int) xPos[m.right()], (int) yPos[m.right()], (int) xPos[m.right()], (int) y);
            g.drawLine((int) xPos[m.left()], (int) y, (int) xPos[m.right()], (int) y);
        }

        // annotation rows
        int y0 = base + 4;
        int legendX = left + plotW + 12;
        int legendY = top + 10;
        for (Annotation a : annotations) {
            g.setColor(Color.BLACK);
            g.drawString(a.name(), 8, y0 + annH - 3);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : a.values()) {
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            for (int p = 0; p < n; p++) {
                double v = a.values()[cols.order()[p]];
                Color c;
                if (Double.isNaN(v)) {
                    c = Color.LIGHT_GRAY;
                } else if (a.categorical()) {
                    c = CATEGORY[((int) v) % CATEGORY.length];
                } else {
                    float t = (float) (hi > lo ? (v - lo) / (hi - lo) : 0.5);
                    c = new Color(1f - 0.8f * t, 1f - 0.5f * t, 1f - 0.1f * t);
                }
                g.setColor(c);
                g.fillRect(left + (int) Math.floor(p * colW), y0, Math.max(1, (int) Math.ceil(colW)), annH);
            }
            // legend
            g.setColor(Color.BLACK);
            g.drawString(a.name() + ":", legendX, legendY);
            legendY += 14;
            if (a.categorical()) {
                for (int k = 0; k < a.categories().size(); k++) {
                    g.setColor(CATEGORY[k % CATEGORY.length]);
                    g.fillRect(legendX, legendY - 10, 10, 10);
                    g.setColor(Color.BLACK);
                    g.drawString(a.categories().get(k), legendX + 14, legendY);
                    legendY += 13;
                }
            } else {
                g.drawString(String.format(java.util.Locale.ROOT, "light %.0f … dark %.0f", lo, hi), legendX, legendY);
                legendY += 13;
            }
            legendY += 4;
            y0 += annH + 2;
        }

        // heatmap
        int hy = y0 + 6;
        for (int r = 0; r < d; r++) {
            int f = rows.order()[r];
            for (int p = 0; p < n; p++) {
                g.setColor(diverging(byFeature[f][cols.order()[p]]));
                g.fillRect(left + (int) Math.floor(p * colW), hy + r * cellH, Math.max(1, (int) Math.ceil(colW)), cellH);
            }
            g.setColor(Color.BLACK);
            String name = featureNames.get(f);
            g.drawString(name.length() > 40 ? name.substring(0, 40) : name, left + plotW + 6, hy + r * cellH + cellH - 4);
        }
        // colour bar
        int by = hy + d * cellH + 20;
        for (int i = 0; i < 200; i++) {
            g.setColor(diverging(-3 + 6.0 * i / 199));
            g.fillRect(left + i, by, 1, 12);
        }
        g.setColor(Color.BLACK);
        g.drawString("z ≤ −3", left - 45, by + 11);
        g.drawString("z ≥ 3", left + 205, by + 11);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(png, out.toByteArray());
        return new Layout(rows.order(), cols.order());
    }

    static Color diverging(double z) {
        double t = Math.max(-3, Math.min(3, z)) / 3;
        if (t < 0) {
            float u = (float) -t;
            return new Color(1f - 0.8f * u, 1f - 0.6f * u, 1f);
        }
        float u = (float) t;
        return new Color(1f, 1f - 0.75f * u, 1f - 0.8f * u);
    }
}
