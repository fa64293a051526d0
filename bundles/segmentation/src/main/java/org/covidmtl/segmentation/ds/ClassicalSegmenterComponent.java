package org.covidmtl.segmentation.ds;

import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.segmentation.ClassicalSegmenter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Registers {@link ClassicalSegmenter} as the {@code classical} segmenter. */
@Component(configurationPid = "org.covidmtl.segmentation.classical", property = {
        // the paper's method serves the segmenter stage unless mtl:use chose another
        "service.ranking:Integer=100",
        StageProperties.STAGE + "=" + StageProperties.STAGE_SEGMENTER,
        StageProperties.NAME + "=classical",
        StageProperties.DESCRIPTION + "=threshold -420 HU, air inside the body, 3-D components, both lungs "
                + "labelled right/left, trachea removed, vessels filled" })
@Designate(ocd = ClassicalSegmenterComponent.Config.class)
public class ClassicalSegmenterComponent implements LungSegmenter {

    @ObjectClassDefinition(name = "COVID-MTL classical lung segmentation")
    public @interface Config {
        @AttributeDefinition(description = "Air threshold in HU (reference: stored value 604 on its HU+1024 scale, -420 HU)")
        float thresholdHu() default ClassicalSegmenter.DEFAULT_THRESHOLD_HU;
    }

    private final ClassicalSegmenter segmenter;

    @Activate
    public ClassicalSegmenterComponent(Config config) {
        this.segmenter = new ClassicalSegmenter(config.thresholdHu());
    }

    @Override
    public SegmentationResult segment(String source, Volume ct, SegmentationOptions options, Progress progress) {
        return segmenter.segment(source, ct, options, progress);
    }
}
