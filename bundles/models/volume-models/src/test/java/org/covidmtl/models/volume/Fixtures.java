package org.covidmtl.models.volume;

import org.covidmtl.models.artifact.Npy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The parity fixtures in {@code <shared>/data/parity}, read by path, and the tolerance check used on them. */
final class Fixtures {

    static final Path PARITY = Path.of(System.getProperty("covidmtl.shared", "/work/shared"), "data", "parity");
    static final Path MODEL = PARITY.resolve("covid_mtl_volume_radio");

    private Fixtures() {
    }

    static INDArray read(Path file, DataType type) {
        Npy.Tensor t = Npy.read(file);
        return org.nd4j.linalg.factory.Nd4j.create(t.data(), t.shape(), 'c').castTo(type);
    }

    static INDArray model(String rel) {
        return read(MODEL.resolve(rel + ".npy"), DataType.FLOAT);
    }

    /** max |actual − expected| / max |expected|. */
    static double relError(INDArray actual, INDArray expected) {
        assertTrue(Arrays.equals(actual.shape(), expected.shape()),
                "shape " + Arrays.toString(actual.shape()) + " vs " + Arrays.toString(expected.shape()));
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray e = expected.castTo(DataType.DOUBLE);
        double max = e.amaxNumber().doubleValue();
        double diff = a.sub(e).amaxNumber().doubleValue();
        return max == 0 ? diff : diff / max;
    }

    /** Asserts |actual − expected| ≤ tol·max|expected| and prints the figure reached. */
    static double assertClose(String name, INDArray actual, INDArray expected, double tol) {
        double rel = relError(actual, expected);
        System.out.printf("PARITY %-60s rel %.2e (tol %.0e)%n", name, rel, tol);
        if (!Boolean.getBoolean("parity.reportOnly")) {
            assertTrue(rel <= tol, name + ": relative error " + rel + " > " + tol);
        }
        return rel;
    }
}
