package org.covidmtl.evaluation.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.evaluation.AtomicFiles;
import org.covidmtl.evaluation.Auc;
import org.covidmtl.evaluation.Calibration;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts (XChart, rendered off-screen; works with {@code java.awt.headless=true}): ROC curves of several
 * models for one task, training and validation loss curves, reliability curves, box plots by group.
 */
public final class Plots {
    private Plots() {
    }

    /**
     * A model's predictions of one task, for ROC and reliability plots.
     *
     * @param truth classes
     * @param probabilities [study][class]
     */
    public record Scores(int[] truth, double[][] probabilities) {
    }

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * ROC curves of several models for one task: binary tasks the empirical ROC of class 1; multiclass tasks the
     * paper's mean one-vs-rest ROC at 100 FPR points. The legend gives each model's AUC (exact for binary tasks,
     * the paper's mean interpolated AUC for multiclass ones).
     */
    public static void roc(Path png, String title, Map<String, Scores> models) {
        XYChart chart = xy(title, "false positive rate", "true positive rate");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        unitAxes(chart);
        for (Map.Entry<String, Scores> e : models.entrySet()) {
            int[] t = e.getValue().truth();
            double[][] p = e.getValue().probabilities();
            double[] x;
            double[] y;
            String label;
            if (p[0].length == 2) {
                double[][] roc = Auc.rocCurve(Auc.oneVsRest(t, 1), Auc.column(p, 1));
                x = roc[0];
                y = roc[1];
                label = String.format(java.util.Locale.ROOT, "%s (AUC %.3f)", e.getKey(), Auc.exact(t, p, 1));
            } else {
                x = Auc.grid();
                y = Auc.paperMeanTpr(t, p);
                double[] ms = Auc.paper(t, p);
                label = String.format(java.util.Locale.ROOT, "%s (AUC %.3f ± %.3f)", e.getKey(), ms[0], ms[1]);
            }
            line(chart, unique(chart, label), x, y);
        }
        XYSeries chance = chart.addSeries("chance", new double[] { 0, 1 }, new double[] { 0, 1 });
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.GRAY);
        chance.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 4f,
                4f }, 0f));
        save(chart, png);
    }

    /** Training (solid) and validation (dashed) loss per epoch, one pair per run. Runs without epochs are skipped. */
    public static void lossCurves(Path png, String title, Map<String, TrainingHistory> runs) {
        XYChart chart = xy(title, "epoch", "loss");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("0");
        int drawn = 0;
        for (Map.Entry<String, TrainingHistory> e : runs.entrySet()) {
            List<TrainingHistory.Epoch> epochs = e.getValue().epochs();
            if (epochs.isEmpty()) {
                continue;
            }
            double[] x = new double[epochs.size()];
            double[] tr = new double[epochs.size()];
            List<Double> vx = new ArrayList<>();
            List<Double> vy = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                x[i] = epochs.get(i).epoch();
                tr[i] = epochs.get(i).trainLoss();
                if (!Double.isNaN(epochs.get(i).validationLoss())) {
                    vx.add(x[i]);
                    vy.add(epochs.get(i).validationLoss());
                }
            }
            Color colour = PALETTE[drawn % PALETTE.length];
            XYSeries s = line(chart, unique(chart, e.getKey() + " train"), x, tr);
            s.setLineColor(colour);
            if (!vx.isEmpty()) {
                XYSeries v = chart.addSeries(unique(chart, e.getKey() + " validation"), vx, vy);
                v.setMarker(SeriesMarkers.NONE);
                v.setLineColor(colour);
                v.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {
                        6f, 4f }, 0f));
            }
            drawn++;
        }
        if (drawn == 0) {
            throw new IllegalArgumentException("no run has training epochs");
        }
        save(chart, png);
    }

    /** Reliability curves (10 bins) of several models for one task, with the diagonal. */
    public static void reliability(Path png, String title, Map<String, Scores> models) {
        XYChart chart = xy(title, "mean predicted probability", "observed frequency");
        unitAxes(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (Map.Entry<String, Scores> e : models.entrySet()) {
            Calibration.Curve c = Calibration.reliability(e.getValue().truth(), e.getValue().probabilities(), 10);
            XYSeries s = chart.addSeries(unique(chart, String.format(java.util.Locale.ROOT, "%s (ECE %.3f)",
                    e.getKey(), c.ece())), c.meanPredicted(), c.observed());
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        XYSeries d = chart.addSeries("perfectly calibrated", new double[] { 0, 1 }, new double[] { 0, 1 });
        d.setMarker(SeriesMarkers.NONE);
        d.setLineColor(Color.GRAY);
        save(chart, png);
    }

    /**
     * Box plots of several features by group, in a grid (up to 3 per row).
     *
     * @param features feature name → group name → values
     */
    public static void boxPlots(Path png, Map<String, Map<String, double[]>> features) {
        List<BoxChart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> f : features.entrySet()) {
            BoxChart chart = new BoxChartBuilder().width(420).height(340).title(f.getKey()).build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            for (Map.Entry<String, double[]> g : f.getValue().entrySet()) {
                if (g.getValue().length > 0) {
                    chart.addSeries(g.getKey(), g.getValue());
                }
            }
            charts.add(chart);
        }
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("no features to plot");
        }
        int cols = Math.min(3, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        java.awt.image.BufferedImage grid = new java.awt.image.BufferedImage(cols * 420, rows * 340,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * 420, (i / cols) * 340, null);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(grid, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(png, out.toByteArray());
    }

    /**
     * Bar charts of the largest feature importances, one chart per task side by side.
     *
     * @param importances task name → feature name → importance (any order; the {@code top} largest are drawn)
     */
    public static void importance(Path png, String title, Map<String, Map<String, Double>> importances, int top) {
        List<org.knowm.xchart.CategoryChart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> e : importances.entrySet()) {
            List<Map.Entry<String, Double>> sorted = new ArrayList<>(e.getValue().entrySet());
            sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
            sorted = sorted.subList(0, Math.min(top, sorted.size()));
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (Map.Entry<String, Double> f : sorted) {
                names.add(f.getKey().length() > 32 ? f.getKey().substring(0, 32) : f.getKey());
                values.add(f.getValue());
            }
            org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder().width(520).height(520)
                    .title(title + ", " + e.getKey()).yAxisTitle("importance").build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setXAxisLabelRotation(90);
            chart.getStyler().setYAxisDecimalPattern("0.###E0");
            if (!names.isEmpty()) {
                chart.addSeries("importance", names, values);
            }
            charts.add(chart);
        }
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("no importances to plot");
        }
        java.awt.image.BufferedImage grid = new java.awt.image.BufferedImage(charts.size() * 520, 520,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = grid.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), i * 520, 0, null);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(grid, "png", out);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        AtomicFiles.write(png, out.toByteArray());
    }

    /** Orders groups by name for stable plots. */
    public static Map<String, double[]> groups(double[] values, int[] group, String[] names) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int g = 0; g < names.length; g++) {
            int n = 0;
            for (int v : group) {
                if (v == g) {
                    n++;
                }
            }
            double[] a = new double[n];
            int j = 0;
            for (int i = 0; i < values.length; i++) {
                if (group[i] == g) {
                    a[j++] = values[i];
                }
            }
            out.put(names[g], a);
        }
        return out;
    }

    private static final Color[] PALETTE = { new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
            new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
            new Color(0xBCBD22), new Color(0x17BECF) };

    private static void unitAxes(XYChart chart) {
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(720).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(2f));
        return s;
    }

    private static String unique(XYChart chart, String name) {
        String n = name;
        int i = 2;
        while (chart.getSeriesMap().containsKey(n)) {
            n = name + " #" + i++;
        }
        return n;
    }

    static void save(Chart<?, ?> chart, Path png) {
        try {
            AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + png, e);
        }
    }
}
