package org.covidmtl.api.stage;

import java.util.Map;

/**
 * One registered stage service as {@link StageDirectory} sees it.
 *
 * @param stage the {@link StageProperties#STAGE} property
 * @param name the {@link StageProperties#NAME} property
 * @param bundle symbolic name of the bundle that registered it
 * @param ranking service ranking (0 if none)
 * @param isDefault whether it is the provider selected for its stage now
 * @param properties all service properties
 */
public record StageInfo(String stage, String name, String bundle, int ranking, boolean isDefault,
        Map<String, Object> properties) {
}
