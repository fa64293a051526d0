package org.covidmtl.segmentation.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.covidmtl.api.segmentation.SegmentationException;

/**
 * The files one segmentation writes, named after the mask's output name: its ending picks the format.
 * {@code x.dmm} (or {@code x.dtm}) gives the paper's pair {@code x.dmm} + {@code x.dtm}; {@code x.nii.gz},
 * {@code x.nii}, {@code x.nrrd} give {@code x.<ext>} + {@code x-masked-ct.<ext>}; the summary is
 * {@code x.json} in every case.
 *
 * @param mask the label mask
 * @param maskedCt the CT with everything outside the lungs set to air
 * @param summary volumes per side, description, warnings (JSON)
 */
public record OutputNames(Path mask, Path maskedCt, Path summary) {
    /** The endings accepted, longest first. */
    public static final List<String> ENDINGS = List.of(".nii.gz", ".nrrd", ".nii", ".dmm", ".dtm");

    public static OutputNames of(Path out) {
        String name = out.getFileName().toString();
        String ending = ending(name);
        if (ending == null) {
            throw new SegmentationException(out.toString(),
                    "output name must end with one of " + String.join(", ", ENDINGS) + " (it picks the format)");
        }
        String stem = name.substring(0, name.length() - ending.length());
        if (stem.isEmpty()) {
            throw new SegmentationException(out.toString(), "output name has nothing before " + ending);
        }
        Path dir = out.toAbsolutePath().getParent();
        if (ending.equals(".dmm") || ending.equals(".dtm")) {
            return new OutputNames(dir.resolve(stem + ".dmm"), dir.resolve(stem + ".dtm"), dir.resolve(stem + ".json"));
        }
        return new OutputNames(dir.resolve(stem + ending), dir.resolve(stem + "-masked-ct" + ending),
                dir.resolve(stem + ".json"));
    }

    /** The accepted ending of {@code name} (case-insensitive), or {@code null}. */
    public static String ending(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String e : ENDINGS) {
            if (lower.endsWith(e)) {
                return e;
            }
        }
        return null;
    }

    /** True when the mask is the paper's {@code .dmm}, written binary (0/1) as the reference does. */
    public boolean paperFormat() {
        return mask.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dmm");
    }
}
