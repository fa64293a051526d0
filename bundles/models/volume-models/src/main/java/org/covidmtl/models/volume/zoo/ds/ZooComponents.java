package org.covidmtl.models.volume.zoo.ds;

/**
 * Constants of the zoo's DS components. Annotation values must be compile-time constants, so the descriptions are
 * repeated here; {@code ZooComponentsTest} checks that they equal {@code Architecture.description()}.
 */
public final class ZooComponents {

    /** Service property: the default input shape, {@code <D>x<H>x<W>}. */
    public static final String INPUT = "covidmtl.input";
    /** The reference's crop: 200×250×250 at 1 mm. */
    public static final String DEFAULT_INPUT = "200x250x250";

    public static final String SQUEEZENET3D_DESCRIPTION = "SqueezeNet3D (COVID-MTL's 3-D trunk with its single-task"
            + " classifier) on the lungs-only CT; one task";
    public static final String SHIFTNET3D_DESCRIPTION = "ShiftNet3D (SqueezeNet3D with Shift3D augmentation after the"
            + " stem) on the lungs-only CT; one task";
    public static final String RESNET3D_34_DESCRIPTION = "3-D ResNet-34 (BasicBlocks 3-4-6-3, shortcut B, optional"
            + " Shift3D after the stem) on the lungs-only CT; one task";
    public static final String DECOVNET_DESCRIPTION = "DeCoVNet (Wang et al., IEEE TMI 2020: 5x7x7 stem, two 3-D"
            + " residual blocks, progressive classifier with adaptive 3-D max pooling) on the lungs-only CT; one task";
    public static final String COVID_MTL_VOLUME_3_DESCRIPTION = "COVID-MTL VOLUME_3: SqueezeNet3D with Shift3D on the"
            + " lungs-only CT, one head per task (covid-ct, covid-nat, severity), no radiomic features";
    public static final String COVID_MTL_VOLUME_2_DESCRIPTION = "COVID-MTL VOLUME_2: SqueezeNet3D with Shift3D on the"
            + " lungs-only CT, two diagnosis heads (covid-ct, covid-nat)";

    private ZooComponents() {
    }
}
