package org.covidmtl.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TrainingThreadsTest {
    @Test
    void theThreadsParameterWinsThenOpenMpThenAllProcessors() {
        assertThat(TrainingThreads.of(Map.of("threads", "1"), "4", 8)).isEqualTo(new TrainingThreads(1, "parameter"));
        // 0 = all processors, as the platform's models read it, whatever OpenMP says
        assertThat(TrainingThreads.of(Map.of("threads", "0"), "4", 8)).isEqualTo(new TrainingThreads(8, "parameter"));
        assertThat(TrainingThreads.of(Map.of("epochs", "3"), "2", 8)).isEqualTo(new TrainingThreads(2,
                "OMP_NUM_THREADS"));
        assertThat(TrainingThreads.of(Map.of(), null, 8)).isEqualTo(new TrainingThreads(8, "processors"));
        assertThat(TrainingThreads.of(Map.of(), "many", 8)).isEqualTo(new TrainingThreads(8, "processors"));
    }
}
