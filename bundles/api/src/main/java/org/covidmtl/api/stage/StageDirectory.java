package org.covidmtl.api.stage;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's view of every registered stage service, and the selection of one provider per
 * stage. The selected provider is the configured default for the stage (set with {@code mtl:use},
 * persisted in Configuration Admin under {@link StageProperties#DEFAULTS_PID}); when none is
 * configured, or the configured one is gone, the best-ranked provider of the stage serves, and
 * {@link Selected#fallback()} says so.
 */
@ProviderType
public interface StageDirectory {

    /** Every registered stage service, ordered by stage, then name. */
    List<StageInfo> stages();

    /**
     * The provider serving {@code stage} now.
     *
     * @param type the stage's service interface
     * @param stage the stage name ({@code StageProperties.STAGE_*})
     * @return empty when no provider of the stage is registered
     */
    <S> Optional<Selected<S>> select(Class<S> type, String stage);

    /**
     * A named provider of a stage, whatever the default.
     *
     * @return empty when no such provider is registered
     */
    <S> Optional<Selected<S>> select(Class<S> type, String stage, String name);

    /**
     * Every provider of a stage, in the order a consumer should try them: the configured default first,
     * then by service ranking (highest first), then by registration order. For stages with one provider
     * per input kind (e.g. volume readers, each of which recognises its own format), the consumer takes
     * the first provider that accepts the input.
     *
     * @param type the stage's service interface
     * @param stage the stage name ({@code StageProperties.STAGE_*})
     * @return empty when no provider of the stage is registered
     * @since 1.1
     */
    <S> List<Selected<S>> providers(Class<S> type, String stage);

    /**
     * Makes {@code name} the default provider of {@code stage}, persisted through Configuration Admin.
     *
     * @throws StageException if no provider of that name is registered for the stage
     */
    void setDefault(String stage, String name);

    /** The configured default provider name for {@code stage}, if any. */
    Optional<String> configuredDefault(String stage);

    /**
     * A selected provider.
     *
     * @param name its {@link StageProperties#NAME}
     * @param service the service object
     * @param fallback true when it serves because the configured default is absent
     */
    record Selected<S>(String name, S service, boolean fallback) {
    }
}
