import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.volume.io.dicom.DicomSeriesReader;

/** Writes the HU volume our reader makes of a DICOM file or folder as little-endian float32 (padding kept). */
public class DumpHu {
    public static void main(String[] a) throws Exception {
        float[] f = new DicomSeriesReader().read(Path.of(a[0]), Map.of("modality", "any", "padding", "keep"),
                Progress.none()).volume().voxels();
        ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : f) {
            b.putFloat(x);
        }
        Files.write(Path.of(a[1]), b.array());
    }
}
