package org.covidmtl.platform.directory;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which provider serves a stage: the configured default when it is registered, otherwise the
 * best-ranked one (highest service ranking, then lowest service id, as the OSGi registry orders).
 */
public final class ProviderChoice {

    /**
     * A registered provider of a stage.
     *
     * @param name its {@code covidmtl.name}
     * @param ranking its service ranking
     * @param serviceId its service id
     */
    public record Candidate(String name, int ranking, long serviceId) {
    }

    /**
     * The choice.
     *
     * @param candidate the provider chosen
     * @param fallback true when a default was configured but is not registered
     */
    public record Choice(Candidate candidate, boolean fallback) {
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingInt(Candidate::ranking).reversed()
            .thenComparingLong(Candidate::serviceId);

    private ProviderChoice() {
    }

    public static Optional<Choice> choose(List<Candidate> candidates, Optional<String> configuredDefault) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (configuredDefault.isPresent()) {
            Optional<Candidate> named = candidates.stream().filter(c -> c.name().equals(configuredDefault.get()))
                    .min(BEST_FIRST);
            if (named.isPresent()) {
                return Optional.of(new Choice(named.get(), false));
            }
        }
        Candidate best = candidates.stream().min(BEST_FIRST).orElseThrow();
        return Optional.of(new Choice(best, configuredDefault.isPresent()));
    }

    /** Every candidate in the order to try them: the configured default first, then best-ranked first. */
    public static List<Candidate> order(List<Candidate> candidates, Optional<String> configuredDefault) {
        List<Candidate> sorted = new java.util.ArrayList<>(candidates);
        sorted.sort(BEST_FIRST);
        configuredDefault.ifPresent(name -> sorted.sort(Comparator.comparing(c -> !c.name().equals(name))));
        return sorted;
    }
}
