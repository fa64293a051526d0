package org.covidmtl.api.stage;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The numeric backend deep-learning stages run on (ND4J CPU or CUDA). Registered with
 * {@code covidmtl.stage=backend}.
 */
@ConsumerType
public interface ComputeBackend {

    /** Facts about the backend: its kind, devices, BLAS, threads, library versions. */
    Map<String, String> describe();

    /**
     * Multiplies two seeded random matrices of size {@code n×n} on the backend and compares the result
     * with a plain-Java product.
     *
     * @return the largest absolute difference
     */
    double selfTest(int n);
}
