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
}
