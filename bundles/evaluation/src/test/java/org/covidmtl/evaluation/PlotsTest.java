package org.covidmtl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.evaluation.plot.Plots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path tmp;

    static BufferedImage readPng(Path p) throws IOException {
        assertThat(p).exists();
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(p), 0, head, 0, 8);
        assertThat(head).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        BufferedImage img = ImageIO.read(p.toFile());
        assertThat(img).isNotNull();
        return img;
    }

    static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                c.add(img.getRGB(x, y));
            }
        }
        return c.size();
    }

    @Test
    void chartsRenderHeadless() throws IOException {
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
        Random r = new Random(1);
        Map<String, Plots.Scores> models = new LinkedHashMap<>();
        for (String name : List.of("good", "weak")) {
            int n = 200;
            int[] t = new int[n];
            double[][] p = new double[n][2];
            for (int i = 0; i < n; i++) {
                t[i] = r.nextInt(2);
                double q = 1 / (1 + Math.exp(-((t[i] == 1 ? (name.equals("good") ? 2 : 0.5) : 0) + r.nextGaussian()
                        - 0.5)));
                p[i] = new double[] { 1 - q, q };
            }
            models.put(name, new Plots.Scores(t, p));
        }
        Plots.roc(tmp.resolve("roc.png"), "ROC covid-ct", models);
        BufferedImage roc = readPng(tmp.resolve("roc.png"));
        assertThat(roc.getWidth()).isEqualTo(720);
        assertThat(distinctColours(roc)).isGreaterThan(5);
        Plots.reliability(tmp.resolve("rel.png"), "reliability", models);
        readPng(tmp.resolve("rel.png"));

        TrainingHistory h = new TrainingHistory(List.of(new TrainingHistory.Epoch(1, 0.005, 1.0, 1.1, new double[0],
                new double[0]), new TrainingHistory.Epoch(2, 0.004, 0.8, 0.95, new double[0], new double[0]),
                new TrainingHistory.Epoch(3, 0.003, 0.7, 0.9, new double[0], new double[0])));
        Plots.lossCurves(tmp.resolve("loss.png"), "loss", Map.of("fnn-mtl", h));
        readPng(tmp.resolve("loss.png"));

        Map<String, Map<String, double[]>> box = new LinkedHashMap<>();
        for (String f : List.of("f1", "f2", "f3", "f4")) {
            double[] v = r.doubles(100).toArray();
            int[] g = r.ints(100, 0, 3).toArray();
            box.put(f, Plots.groups(v, g, new String[] { "control", "mild", "severe" }));
        }
        Plots.boxPlots(tmp.resolve("box.png"), box);
        BufferedImage b = readPng(tmp.resolve("box.png"));
        assertThat(b.getWidth()).isEqualTo(3 * 420);
        assertThat(b.getHeight()).isEqualTo(2 * 340);
        Map<String, Map<String, Double>> imp = new LinkedHashMap<>();
        for (String task : List.of("covid-ct", "severity")) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int f = 0; f < 40; f++) {
                m.put("feature_" + f, r.nextDouble() * 1000);
            }
            imp.put(task, m);
        }
        Plots.importance(tmp.resolve("imp.png"), "gain", imp, 15);
        assertThat(readPng(tmp.resolve("imp.png")).getWidth()).isEqualTo(2 * 520);
        // nothing but the PNGs is left in the folder: writes go through a temporary file and a move
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).containsExactly("box.png", "imp.png",
                    "loss.png", "rel.png", "roc.png");
        }
    }
}
