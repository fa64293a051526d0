package org.covidmtl.platform.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.covidmtl.platform.directory.ProviderChoice.Candidate;
import org.junit.jupiter.api.Test;

class ProviderChoiceTest {
    private final Candidate random = new Candidate("random-weighted", 0, 10);
    private final Candidate mean = new Candidate("mean", 0, 11);
    private final Candidate uncertainty = new Candidate("uncertainty", 5, 12);

    @Test
    void configuredDefaultWinsOverRanking() {
        var choice = ProviderChoice.choose(List.of(random, mean, uncertainty), Optional.of("mean")).orElseThrow();
        assertThat(choice.candidate()).isEqualTo(mean);
        assertThat(choice.fallback()).isFalse();
    }

    @Test
    void withoutDefaultTheHighestRankingThenLowestIdServes() {
        assertThat(ProviderChoice.choose(List.of(random, mean, uncertainty), Optional.empty()).orElseThrow().candidate())
                .isEqualTo(uncertainty);
        assertThat(ProviderChoice.choose(List.of(mean, random), Optional.empty()).orElseThrow().candidate())
                .isEqualTo(random);
    }

    @Test
    void aMissingDefaultFallsBackAndSaysSo() {
        var choice = ProviderChoice.choose(List.of(random, mean), Optional.of("uncertainty")).orElseThrow();
        assertThat(choice.candidate()).isEqualTo(random);
        assertThat(choice.fallback()).isTrue();
    }

    @Test
    void noCandidateNoChoice() {
        assertThat(ProviderChoice.choose(List.of(), Optional.of("mean"))).isEmpty();
    }
}
