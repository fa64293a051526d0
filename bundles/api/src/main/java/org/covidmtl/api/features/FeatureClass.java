package org.covidmtl.api.features;

import java.util.Arrays;

/** Feature classes (families), with PyRadiomics' names. */
public enum FeatureClass {
    FIRSTORDER("firstorder"), SHAPE("shape"), GLCM("glcm"), GLRLM("glrlm"), GLSZM("glszm"), GLDM("gldm"), NGTDM("ngtdm");

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
