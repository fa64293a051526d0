package org.covidmtl.models.volume;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's inference keeps each layer's activation in one of a pool of per-thread workspaces named
 * {@code WS_LAYER_ACT_<n>}, whose size it learns over as many cycles as the graph has vertices; each workspace hosts
 * only a few vertices per pass, so for the first several passes every activation spills to plain allocations (for
 * a full-size volume, gigabytes of freshly mapped memory per pass). {@link #prepare}, called before an inference
 * pass, creates those workspaces on the calling thread, where they do not exist yet, with DL4J's policies but
 * learning without end ({@link #LEARNING}: the first pass runs as before), and replaces each one that has learnt a
 * size larger than it has by one of that size ({@link #sized}): from the second pass on, the activations live in
 * memory that is already mapped, and a workspace still grows at the end of any cycle that spilled. (ND4J returns an
 * existing workspace by name whatever configuration is asked for, so DL4J then uses these.)
 * <p>
 * The sized workspaces stay with the thread (each as large as the largest activation it hosted) and are freed
 * with it. Used before VOLUME_RADIO's inference passes (predictions, validation in training); the zoo's graphs run
 * without workspaces.
 */
public final class InferenceWorkspaces {

    /** How many of DL4J's per-layer inference workspaces are created ahead (VOLUME_RADIO uses fewer). */
    static final int WORKSPACES = 16;

    /** DL4J's per-layer activation workspace name, {@code WS_LAYER_ACT_} + index (DL4J 1.0.0-M2.1). */
    static final String WORKSPACE_PREFIX = "WS_LAYER_ACT_";

    /** DL4J's {@code WS_LAYER_ACT_X_CONFIG}, but never sizing itself: it only learns its largest cycle. */
    static final WorkspaceConfiguration LEARNING = policies(0).cyclesBeforeInitialization(Integer.MAX_VALUE).build();

    /** DL4J's policies with {@code bytes} allocated at once, grown after any cycle that spilled. */
    static WorkspaceConfiguration sized(long bytes) {
        return policies(bytes).cyclesBeforeInitialization(1).build();
    }

    private static WorkspaceConfiguration.WorkspaceConfigurationBuilder policies(long initial) {
        return WorkspaceConfiguration.builder().initialSize(initial).overallocationLimit(0.02)
                .policyLearning(LearningPolicy.OVER_TIME).policyReset(ResetPolicy.BLOCK_LEFT)
                .policySpill(SpillPolicy.REALLOCATE).policyAllocation(AllocationPolicy.OVERALLOCATE);
    }

    /**
     * Creates DL4J's per-layer inference workspaces on this thread where missing ({@link #LEARNING}), and replaces
     * each that has learnt a larger size than it has by one of that size.
     */
    public static void prepare() {
        MemoryWorkspaceManager manager = Nd4j.getWorkspaceManager();
        for (int i = 0; i < WORKSPACES; i++) {
            String id = WORKSPACE_PREFIX + i;
            MemoryWorkspace ws = manager.getWorkspaceForCurrentThread(LEARNING, id);
            long learnt = ws.getMaxCycleAllocations();
            if (ws.getCurrentSize() < learnt) {
                manager.destroyWorkspace(ws);
                manager.getWorkspaceForCurrentThread(sized(learnt), id);
            }
        }
    }

    private InferenceWorkspaces() {
    }
}
