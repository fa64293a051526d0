package org.covidmtl.api.features;

import java.util.Arrays;

/**
 * Feature classes (families), with PyRadiomics' names. 2.4.0: IBSI families PyRadiomics lacks, named in its style:
 * {@link #HISTOGRAM} (IBSI intensity histogram of the discretised region), {@link #IVH} (intensity-volume histogram),
 * {@link #GLDZM} (grey level distance zone matrix), {@link #LOCALINTENSITY} (local intensity peaks).
 */
public enum FeatureClass {
    FIRSTORDER("firstorder"), SHAPE("shape"), GLCM("glcm"), GLRLM("glrlm"), GLSZM("glszm"), GLDM("gldm"), NGTDM("ngtdm"),
    /** IBSI intensity-histogram statistics of the discretised grey levels (2.4.0). */
    HISTOGRAM("histogram"),
    /** IBSI intensity-volume histogram (2.4.0). */
    IVH("ivh"),
    /** IBSI grey level distance zone matrix (2.4.0). */
    GLDZM("gldzm"),
    /** IBSI local intensity: peaks of the mean in a 1 cm³ sphere (2.4.0). */
    LOCALINTENSITY("localintensity");

    private final String key;

    FeatureClass(String key) {
        this.key = key;
    }

    /** PyRadiomics' name, e.g. {@code glcm}. */
    public String key() {
        return key;
    }

    /** The class with PyRadiomics' name. */
    public static FeatureClass of(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst()
                .orElseThrow(() -> new UnknownSettingException("featureClass " + key,
                        "unknown feature class; known: " + Arrays.toString(Arrays.stream(values()).map(FeatureClass::key).toArray())));
    }
}
