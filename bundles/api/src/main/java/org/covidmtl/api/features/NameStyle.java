package org.covidmtl.api.features;

/** How feature names are formed. */
public enum NameStyle {
    /** PyRadiomics: {@code original_glcm_Contrast}, {@code wavelet-LLH_glcm_Contrast}. */
    PYRADIOMICS,
    /**
     * The COVID-MTL reference's {@code radiomics.csv}: original-image features by feature name alone
     * ({@code Contrast}), a later class's value replacing an earlier one of the same name in place
     * (dictionary semantics); other image types as {@code LLH_glcm_Contrast}.
     */
    COVID_MTL,
    /**
     * IBSI chapter 1 feature tags where a feature equals one ({@code stat_mean}, {@code cm_joint_max_3D_avg}, the
     * aggregation suffix from the settings); other features keep their PyRadiomics names; images other than the
     * original are prefixed as PyRadiomics does ({@code wavelet-LLH_cm_joint_max_3D_avg}) (2.4.0).
     */
    IBSI
}
