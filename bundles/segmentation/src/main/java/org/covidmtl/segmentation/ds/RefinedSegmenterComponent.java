package org.covidmtl.segmentation.ds;

import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.segmentation.ClassicalSegmenter;
import org.covidmtl.segmentation.RefinedSegmenter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Registers {@link RefinedSegmenter} (the paper's Algorithm 1) as the {@code refined} segmenter. */
@Component(configurationPid = "org.covidmtl.segmentation.refined", property = {
        StageProperties.STAGE + "=" + StageProperties.STAGE_SEGMENTER,
        StageProperties.NAME + "=refined",
        StageProperties.DESCRIPTION + "=classical mask refined slice by slice with active contours "
                + "(the paper's Algorithm 1)" })
@Designate(ocd = RefinedSegmenterComponent.Config.class)
public class RefinedSegmenterComponent implements LungSegmenter {

    /** Defaults are the reference's values; radii in mm (its pixels at 1 mm). */
    @ObjectClassDefinition(name = "COVID-MTL refined lung segmentation (active contours)")
    public @interface Config {
        @AttributeDefinition(description = "Air threshold of the classical mask, HU")
        float thresholdHu() default ClassicalSegmenter.DEFAULT_THRESHOLD_HU;

        @AttributeDefinition(description = "Slices with less lung than this (mm²) or one region are only closed")
        double minAreaMm2() default 15000;

        @AttributeDefinition(description = "Closing radius of such slices, mm")
        double smallCloseMm() default 5;

        @AttributeDefinition(description = "Closing radius that forms each seed contour, mm")
        double seedCloseMm() default 10;

        @AttributeDefinition(description = "Snake elasticity")
        double alpha() default 0.02;

        @AttributeDefinition(description = "Snake rigidity")
        double beta() default 20;

        @AttributeDefinition(description = "Snake time step")
        double gamma() default 0.01;

        @AttributeDefinition(description = "Weight of the intensity in the external energy")
        double wLine() default 0;

        @AttributeDefinition(description = "Weight of the edge magnitude in the external energy")
        double wEdge() default 1;

        @AttributeDefinition(description = "Largest snake move per iteration, pixels")
        double maxPxMove() default 1;

        @AttributeDefinition(description = "Snake iterations at most")
        int maxIterations() default 20;

        @AttributeDefinition(description = "Snake convergence distance, pixels")
        double convergence() default 0.1;

        @AttributeDefinition(description = "Factor on HU+1024 forming the snake image (int16 through img_as_float)")
        double imageScale() default 1 / 32767.0;

        @AttributeDefinition(description = "Regions kept per slice after the union")
        int keepRegions() default 2;

        @AttributeDefinition(description = "Erosion radius of each kept region, mm")
        double erodeMm() default 2;

        @AttributeDefinition(description = "Closing radius of each kept region, mm")
        double finalCloseMm() default 10;
    }

    private final RefinedSegmenter segmenter;

    @Activate
    public RefinedSegmenterComponent(Config c) {
        this.segmenter = new RefinedSegmenter(new ClassicalSegmenter(c.thresholdHu()),
                new RefinedSegmenter.Settings(c.minAreaMm2(), c.smallCloseMm(), c.seedCloseMm(), c.alpha(), c.beta(),
                        c.gamma(), c.wLine(), c.wEdge(), c.maxPxMove(), c.maxIterations(), c.convergence(),
                        c.imageScale(), c.keepRegions(), c.erodeMm(), c.finalCloseMm()));
    }

    RefinedSegmenter segmenter() {
        return segmenter;
    }

    @Override
    public SegmentationResult segment(String source, Volume ct, SegmentationOptions options, Progress progress) {
        return segmenter.segment(source, ct, options, progress);
    }
}
