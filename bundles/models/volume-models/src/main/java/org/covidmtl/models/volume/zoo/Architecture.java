package org.covidmtl.models.volume.zoo;

import java.util.List;

import org.covidmtl.api.cohort.Task;

/**
 * The volume architectures of the model zoo, each a zoo entry ({@code covidmtl.model=<name>}). Single-task entries
 * are trained for one task of the settings (any of the paper's three); the COVID-MTL variants predict fixed tasks
 * in a fixed order.
 */
public enum Architecture {

    /** SqueezeNet3D (reference {@code SqueezeNet3D(shift3d=False)}), one task. */
    SQUEEZENET3D("squeezenet3d", false, false, 32,
            "SqueezeNet3D (COVID-MTL's 3-D trunk with its single-task classifier) on the lungs-only CT; one task"),
    /** ShiftNet3D: SqueezeNet3D with Shift3D after the stem (reference {@code SqueezeNet3D(shift3d=True)}), one task. */
    SHIFTNET3D("shiftnet3d", false, true, 32,
            "ShiftNet3D (SqueezeNet3D with Shift3D augmentation after the stem) on the lungs-only CT; one task"),
    /** 3-D ResNet-34 of the reference ({@code resnet3d34}), optional Shift3D after the stem, one task. */
    RESNET3D_34("resnet3d-34", false, false, 32,
            "3-D ResNet-34 (BasicBlocks 3-4-6-3, shortcut B, optional Shift3D after the stem) on the lungs-only CT;"
                    + " one task"),
    /** DeCoVNet (Wang et al., IEEE TMI 2020) as its authors' code builds it, one task. */
    DECOVNET("decovnet", false, false, 8,
            "DeCoVNet (Wang et al., IEEE TMI 2020: 5x7x7 stem, two 3-D residual blocks, progressive classifier with"
                    + " adaptive 3-D max pooling) on the lungs-only CT; one task"),
    /** COVID-MTL VOLUME_3: the shared SqueezeNet3D trunk with three task heads, no radiomic-feature branch. */
    COVID_MTL_VOLUME_3("covid-mtl-volume-3", true, true, 32,
            "COVID-MTL VOLUME_3: SqueezeNet3D with Shift3D on the lungs-only CT, one head per task (covid-ct,"
                    + " covid-nat, severity), no radiomic features"),
    /** COVID-MTL VOLUME_2: the shared trunk with the two diagnosis heads. */
    COVID_MTL_VOLUME_2("covid-mtl-volume-2", true, true, 32,
            "COVID-MTL VOLUME_2: SqueezeNet3D with Shift3D on the lungs-only CT, two diagnosis heads (covid-ct,"
                    + " covid-nat)");

    /** The paper's three tasks. */
    public static final List<Task> PAPER_TASKS = List.of(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY);

    private final String zooName;
    private final boolean multitask;
    private final boolean shiftByDefault;
    private final int minInput;
    private final String description;

    Architecture(String zooName, boolean multitask, boolean shiftByDefault, int minInput, String description) {
        this.zooName = zooName;
        this.multitask = multitask;
        this.shiftByDefault = shiftByDefault;
        this.minInput = minInput;
        this.description = description;
    }

    /** The zoo name ({@code covidmtl.name}, {@code covidmtl.model}). */
    public String zooName() {
        return zooName;
    }

    public boolean multitask() {
        return multitask;
    }

    /** Whether Shift3D is on unless the settings say otherwise. */
    public boolean shiftByDefault() {
        return shiftByDefault;
    }

    /** Whether the architecture has a Shift3D position (after the stem). */
    public boolean canShift() {
        return this != DECOVNET;
    }

    /** The smallest input edge the architecture takes. */
    public int minInput() {
        return minInput;
    }

    public String description() {
        return description;
    }

    /** The tasks a multitask architecture predicts, in head order; empty for single-task ones (settings choose). */
    public List<Task> fixedTasks() {
        return switch (this) {
            case COVID_MTL_VOLUME_3 -> PAPER_TASKS;
            case COVID_MTL_VOLUME_2 -> PAPER_TASKS.subList(0, 2);
            default -> List.of();
        };
    }

    public static Architecture byName(String name) {
        for (Architecture a : values()) {
            if (a.zooName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no zoo architecture " + name);
    }
}
