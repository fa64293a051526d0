package org.covidmtl.radiomics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;

import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.FeatureClass;
import org.covidmtl.api.features.FeatureVector;
import org.covidmtl.api.features.ImageType;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.api.Test;

/** The stationary coif1 wavelet on real volumes. */
class WaveletTest {

    @Test
    void periodicStationaryTransformKeepsTheSumScaledAndDetailBandsSumToZero() {
        // lung1's label volume is 512 × 512 × 48: even sizes, so no PyRadiomics re-shaping takes place
        Volume v = TestData.volume(TestData.data("pyradiomics/data/lung1_label.nrrd"));
        double sum = 0;
        for (float f : v.voxels()) {
            sum += f;
        }
        assertThat(sum).isGreaterThan(100);
        for (String band : ImageSpec.WAVELET_BANDS) {
            double s = Arrays.stream(Wavelet.subBand(v.voxels(), v.geometry().size(), band)).sum();
            double expected = band.equals("LLL") ? sum * 2 * Math.sqrt(2) : 0;
            assertThat(s).as(band).isCloseTo(expected, within(1e-6 * sum));
        }
    }

    @Test
    void lowPassOfAConstantLineIsTheConstantTimesRootTwo() {
        float[] ones = new float[8 * 6 * 4];
        Arrays.fill(ones, 3f);
        double[] lll = Wavelet.subBand(ones, new int[] {8, 6, 4}, "LLL");
        double[] hhh = Wavelet.subBand(ones, new int[] {8, 6, 4}, "HHH");
        for (int i = 0; i < lll.length; i++) {
            assertThat(lll[i]).isCloseTo(3 * 2 * Math.sqrt(2), within(1e-9));
            assertThat(hhh[i]).isCloseTo(0, within(1e-9));
        }
    }

    @Test
    void waveletFeaturesOfBreast1AreFiniteAndDifferPerSubBand() {
        ExtractionSettings s = ExtractionSettings.builder()
                .enable(ImageType.WAVELET, FeatureClass.FIRSTORDER, List.of("Mean", "Variance"))
                .enable(ImageType.WAVELET, FeatureClass.GLCM, List.of("Contrast")).build();
        FeatureVector f = new RadiomicsEngine("r", "t").extract(TestData.volume(TestData.data("pyradiomics/data/breast1_image.nrrd")),
                TestData.mask(TestData.data("pyradiomics/data/breast1_label.nrrd")), s, Progress.none()).features();
        assertThat(f.size()).isEqualTo(8 * 3);
        assertThat(Arrays.stream(f.values()).allMatch(Double::isFinite)).isTrue();
        assertThat(Arrays.stream(f.values()).distinct().count()).isEqualTo(24);
        // the approximation keeps the intensity scale (×2√2), details are near zero mean
        assertThat(f.get("wavelet-LLL_firstorder_Mean")).isGreaterThan(Math.abs(f.get("wavelet-HHH_firstorder_Mean")) * 10);
    }

    @Test
    void regionValuesOnTheBoxEqualTheWholeImageTransformBitForBit() {
        // even sizes (the box is computed alone, with its filter support) and odd sizes (PyRadiomics' re-shaping)
        for (int[] size : new int[][] {{20, 16, 14}, {19, 16, 13}}) {
            java.util.Random rnd = new java.util.Random(size[0]);
            float[] image = new float[size[0] * size[1] * size[2]];
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) (rnd.nextGaussian() * 300 + 100);
            }
            int[] lo = {3, 2, 5};
            int[] hi = {12, 13, 10};
            int nx = hi[0] - lo[0] + 1;
            int ny = hi[1] - lo[1] + 1;
            boolean[] inside = new boolean[nx * ny * (hi[2] - lo[2] + 1)];
            for (int i = 0; i < inside.length; i++) {
                inside[i] = rnd.nextDouble() < 0.7;
            }
            inside[0] = true;
            Roi roi = new Roi(lo, hi, inside, new double[] {1, 1, 1});
            WaveletBands bands = WaveletBands.forRoi(image, size, roi);
            for (String band : ImageSpec.WAVELET_BANDS) {
                double[] whole = Wavelet.subBand(image, size, band);
                double[] expected = new double[roi.count];
                for (int z = 0, k = 0; z < roi.nz; z++) {
                    for (int y = 0; y < roi.ny; y++) {
                        for (int x = 0; x < roi.nx; x++) {
                            if (inside[roi.index(x, y, z)]) {
                                expected[k++] = whole[(x + lo[0]) + size[0] * ((y + lo[1]) + size[1] * (z + lo[2]))];
                            }
                        }
                    }
                }
                assertThat(bands.regionValues(band, roi)).as(band + " " + Arrays.toString(size)).isEqualTo(expected);
            }
        }
    }
}
