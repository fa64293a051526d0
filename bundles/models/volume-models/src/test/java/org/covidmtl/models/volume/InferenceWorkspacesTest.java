package org.covidmtl.models.volume;

import static org.covidmtl.models.volume.Fixtures.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.abstracts.Nd4jWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link InferenceWorkspaces} under VOLUME_RADIO's inference ({@link VolumeRadioNetwork#logits}): DL4J's per-layer
 * workspaces only learn during the first call on a thread and hold every activation from the second call on. With
 * DL4J's own workspaces (sized after one cycle per graph vertex) the second check fails.
 */
class InferenceWorkspacesTest {

    @Test
    void fromTheSecondCallTheActivationsLiveInSizedWorkspaces() throws Exception {
        // DL4J's workspaces belong to a thread: a fresh one starts without any
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                VolumeRadioNetwork net = new VolumeRadioNetwork(VolumeRadioConfig.reference(64, 80).withDropout(0)
                        .withShift3d(null));
                TorchWeightImporter.load(net.graph(), Fixtures.MODEL.resolve("weights"));
                INDArray volume = model("input_volume");
                INDArray radio = model("input_radio");
                INDArray[] first = net.logits(volume, radio);
                List<Nd4jWorkspace> used = layerWorkspaces();
                assertTrue(used.size() >= 2, "DL4J used " + used.size() + " WS_LAYER_ACT_ workspaces");
                for (Nd4jWorkspace ws : used) {
                    System.out.printf("after call 1: %s size %d learnt %d spilled %d%n", ws.getId(), ws.getCurrentSize(),
                            ws.getMaxCycleAllocations(), ws.getSpilledSize());
                    assertEquals(0, ws.getCurrentSize(), ws.getId() + " only learns during the first call");
                }
                INDArray[] second = net.logits(volume, radio);
                for (Nd4jWorkspace ws : layerWorkspaces()) {
                    System.out.printf("after call 2: %s size %d learnt %d spilled %d%n", ws.getId(), ws.getCurrentSize(),
                            ws.getMaxCycleAllocations(), ws.getSpilledSize());
                    assertTrue(ws.getCurrentSize() >= ws.getMaxCycleAllocations(), ws.getId() + " sized");
                }
                for (int k = 0; k < 3; k++) {
                    assertEquals(first[k], second[k]);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    /** This thread's WS_LAYER_ACT_ workspaces that hosted activations. */
    private static List<Nd4jWorkspace> layerWorkspaces() {
        List<Nd4jWorkspace> out = new java.util.ArrayList<>();
        for (int i = 0; i < InferenceWorkspaces.WORKSPACES; i++) {
            String id = InferenceWorkspaces.WORKSPACE_PREFIX + i;
            if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)) {
                Nd4jWorkspace ws = (Nd4jWorkspace) Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id);
                if (ws.getMaxCycleAllocations() > 0) {
                    out.add(ws);
                }
            }
        }
        return out;
    }
}
