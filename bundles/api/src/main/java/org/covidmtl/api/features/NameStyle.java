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
    COVID_MTL
}
