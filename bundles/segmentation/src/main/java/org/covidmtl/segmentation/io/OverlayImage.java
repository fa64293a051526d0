package org.covidmtl.segmentation.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * One axial CT slice in a lung window (level −600 HU, width 1500) with each mask's contours, one panel
 * per mask, side by side, in the radiological view (patient's right on the image's left, anterior up,
 * whatever the file's orientation). Right lung (label 1) red, left lung (label 2) blue, other labels
 * yellow. Small slices are magnified by a whole factor to at least {@value #MIN_PANEL} pixels.
 */
public final class OverlayImage {
    static final int MIN_PANEL = 384;
    private static final double LOW_HU = -1350;
    private static final double WIDTH_HU = 1500;
    private static final int TITLE = 22;
    private static final int GAP = 6;
    private static final int[] COLOURS = {0, 0xff3c3c, 0x3ca0ff};
    private static final int OTHER = 0xffe030;

    private OverlayImage() {
    }

    /** The axial slice with the most non-zero voxels of {@code mask}. */
    public static int fullestSlice(Mask mask) {
        VolumeGeometry g = mask.geometry();
        int plane = g.sizeX() * g.sizeY();
        byte[] l = mask.labels();
        int best = 0;
        long bestCount = -1;
        for (int k = 0; k < g.sizeZ(); k++) {
            long c = 0;
            for (int p = k * plane, e = p + plane; p < e; p++) {
                if (l[p] != 0) {
                    c++;
                }
            }
            if (c > bestCount) {
                bestCount = c;
                best = k;
            }
        }
        return best;
    }

    /** Renders slice {@code k}; one panel per mask, titled. */
    public static BufferedImage render(Volume ct, List<Mask> masks, List<String> titles, int k) {
        VolumeGeometry g = ct.geometry();
        int nx = g.sizeX(), ny = g.sizeY();
        int scale = Math.max(1, (int) Math.ceil(MIN_PANEL / (double) Math.max(nx, ny)));
        double[] d = g.direction();
        // LPS: image x should increase toward the patient's left (+x), image y toward posterior (+y)
        boolean flipX = d[0] < 0;
        boolean flipY = d[4] < 0;
        int w = nx * scale, h = ny * scale;
        BufferedImage img = new BufferedImage(masks.size() * w + (masks.size() - 1) * GAP, h + TITLE,
                BufferedImage.TYPE_INT_RGB);
        float[] v = ct.voxels();
        int base = k * nx * ny;
        for (int m = 0; m < masks.size(); m++) {
            byte[] labels = masks.get(m).labels();
            int x0 = m * (w + GAP);
            int band = Math.max(1, scale / 2);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = base + voxel(x, y, scale, nx, ny, flipX, flipY);
                    int label = labels[p] & 0xff;
                    int rgb;
                    if (label != 0 && edge(labels, base, x, y, w, h, band, scale, nx, ny, flipX, flipY, label)) {
                        rgb = label < COLOURS.length ? COLOURS[label] : OTHER;
                    } else {
                        int grey = (int) Math.max(0, Math.min(255, Math.round((v[p] - LOW_HU) / WIDTH_HU * 255)));
                        rgb = grey << 16 | grey << 8 | grey;
                    }
                    img.setRGB(x0 + x, TITLE + y, rgb);
                }
            }
        }
        titles(img, titles, w, k, g.sizeZ());
        return img;
    }

    /** Writes a PNG atomically. */
    public static void writePng(BufferedImage img, Path out) {
        AtomicFiles.write(out, o -> {
            if (!ImageIO.write(img, "png", o)) {
                throw new StageException(out.toString(), "no PNG writer in this Java runtime");
            }
        });
    }

    private static int voxel(int x, int y, int scale, int nx, int ny, boolean flipX, boolean flipY) {
        int i = x / scale, j = y / scale;
        if (flipX) {
            i = nx - 1 - i;
        }
        if (flipY) {
            j = ny - 1 - j;
        }
        return i + nx * j;
    }

    /** A display pixel of {@code label} within {@code band} pixels of one that is not. */
    private static boolean edge(byte[] labels, int base, int x, int y, int w, int h, int band, int scale, int nx,
            int ny, boolean flipX, boolean flipY, int label) {
        int[][] steps = {{band, 0}, {-band, 0}, {0, band}, {0, -band}};
        for (int[] s : steps) {
            int xx = x + s[0], yy = y + s[1];
            if (xx < 0 || yy < 0 || xx >= w || yy >= h) {
                return true;
            }
            if ((labels[base + voxel(xx, yy, scale, nx, ny, flipX, flipY)] & 0xff) != label) {
                return true;
            }
        }
        return false;
    }

    private static void titles(BufferedImage img, List<String> titles, int w, int k, int nz) {
        Graphics2D gr = img.createGraphics();
        try {
            gr.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            gr.setColor(Color.WHITE);
            gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            for (int m = 0; m < titles.size(); m++) {
                gr.drawString(titles.get(m) + "  (slice " + k + " of " + nz + ")", m * (w + GAP) + 6, TITLE - 6);
            }
        } catch (RuntimeException | InternalError | LinkageError e) {
            // a headless runtime without fonts: the panels stay untitled, the contours are what matters
        } finally {
            gr.dispose();
        }
    }
}
