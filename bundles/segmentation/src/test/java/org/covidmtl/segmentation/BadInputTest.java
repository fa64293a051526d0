package org.covidmtl.segmentation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.covidmtl.api.segmentation.SegmentationException;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.junit.jupiter.api.Test;

/** Volumes the classical method cannot segment: one-line typed errors naming the input. */
class BadInputTest {
    private static final ClassicalSegmenter SEGMENTER = new ClassicalSegmenter();

    private static void segment(String source, Volume v) {
        SEGMENTER.segment(source, v, SegmentationOptions.defaults().withThreads(2), Progress.none());
    }

    /** The slices of TotalSegmentator's example below its lung bases (which start at slice 18): abdomen only. */
    @Test
    void abdomenWithoutLungs() {
        Volume ct = TestData.nifti("totalsegmentator/example_ct_sm.nii.gz").volume();
        VolumeGeometry g = ct.geometry();
        int slices = 15;
        VolumeGeometry crop = new VolumeGeometry(new int[] {g.sizeX(), g.sizeY(), slices}, g.spacing(), g.origin(),
                g.direction());
        Volume abdomen = new Volume(crop, Arrays.copyOf(ct.voxels(), (int) crop.voxelCount()));
        assertThatThrownBy(() -> segment("abdomen-crop", abdomen)).isInstanceOf(SegmentationException.class)
                .hasMessageStartingWith("abdomen-crop: no lungs found").hasMessageNotContaining("\n");
    }

    /** A real abdominal slice from the COVID-19 collection (kidneys, bowel gas, no lung). */
    @Test
    void realAbdominalSlice() {
        LoadedVolume abdomen = TestData.dicom("covid-ct-slices/A058062/axial/19001231-084.dcm");
        assertThatThrownBy(() -> segment(abdomen.source(), abdomen.volume())).isInstanceOf(SegmentationException.class)
                .hasMessageEndingWith("19001231-084.dcm: no lungs found: no air inside the body with lung density "
                        + "(median above -950 HU) and a cross-section of at least 10 cm²");
    }

    /** A real chest CT as stored values (HU + 1024, no rescale). */
    @Test
    void storedValuesWithoutRescale() {
        Volume ct = TestData.nifti("totalsegmentator/example_ct_sm.nii.gz").volume();
        float[] shifted = ct.voxels().clone();
        for (int p = 0; p < shifted.length; p++) {
            shifted[p] += 1024;
        }
        assertThatThrownBy(() -> segment("shifted.nii.gz", new Volume(ct.geometry(), shifted)))
                .isInstanceOf(SegmentationException.class)
                .hasMessageStartingWith("shifted.nii.gz: values ")
                .hasMessageContaining("look like stored values without rescale slope/intercept, not HU");
    }

    /** One row of a CT through all slices: a 2-D image, not a stack of axial slices. */
    @Test
    void twoDimensionalInput() {
        Volume ct = TestData.nifti("totalsegmentator/example_ct_sm.nii.gz").volume();
        VolumeGeometry g = ct.geometry();
        VolumeGeometry row = new VolumeGeometry(new int[] {g.sizeX(), 1, g.sizeZ()}, g.spacing(), g.origin(), g.direction());
        assertThatThrownBy(() -> segment("row", new Volume(row, new float[(int) row.voxelCount()])))
                .isInstanceOf(SegmentationException.class)
                .hasMessageStartingWith("row: a 122×1×30 grid is not a stack of axial images");
    }

    /** A real coronal reformat (TCIA COVID-19-NY-SBU): the per-slice steps need axial slices. */
    @Test
    void coronalReformat() {
        LoadedVolume coronal = TestData.dicom("covid-ct-slices/A002304/coronal/19001231-076.dcm");
        assertThatThrownBy(() -> segment(coronal.source(), coronal.volume())).isInstanceOf(SegmentationException.class)
                .hasMessageContaining("slices are not axial");
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> SegmentationOptions.defaults().withThreads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> new ClassicalSegmenter(100)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A 512×512×2000 whole-body stack against a 4 GiB heap: refused before anything is allocated, naming the
     * input, the sizes and the remedy; the same grid passes against 40 GiB, and the 1 mm 390×390×340 grid of the
     * paper against 1 GiB.
     */
    @Test
    void volumeTooLargeForTheHeap() {
        VolumeGeometry huge = new VolumeGeometry(new int[] {512, 512, 2000}, new double[] {0.7, 0.7, 0.6},
                new double[3], new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        long gib = 1L << 30;
        assertThatThrownBy(() -> InputCheck.checkHeap("whole-body.nii.gz", huge, 4 * gib))
                .isInstanceOf(SegmentationException.class)
                .hasMessageStartingWith("whole-body.nii.gz: a 512×512×2000 volume needs about 7.8 GiB of heap")
                .hasMessageContaining("the JVM has 4.0 GiB").hasMessageContaining("COVIDMTL_OPTS=-Xmx10g")
                .hasMessageNotContaining("\n");
        InputCheck.checkHeap("whole-body.nii.gz", huge, 40 * gib);
        VolumeGeometry paper = new VolumeGeometry(new int[] {390, 390, 340}, new double[] {1, 1, 1}, new double[3],
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        InputCheck.checkHeap("paper-crop.dtm", paper, gib);
    }
}
