package org.covidmtl.models.features;

import java.lang.ref.Cleaner;
import java.util.function.IntConsumer;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;

/**
 * A trained LightGBM booster (through LightGBM's C API, via its SWIG wrapper). The native booster and its
 * training data set are freed when this object becomes unreachable or on {@link #close()}.
 */
final class LightGbmBooster implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final int classes;
    private final int features;
    private final Handles handles;
    private final Cleaner.Cleanable cleanable;

    /** Native handles, freed once. */
    private static final class Handles implements Runnable {
        SWIGTYPE_p_void dataset;
        SWIGTYPE_p_void booster;

        @Override
        public synchronized void run() {
            if (booster != null) {
                lightgbmlib.LGBM_BoosterFree(booster);
                booster = null;
            }
            if (dataset != null) {
                lightgbmlib.LGBM_DatasetFree(dataset);
                dataset = null;
            }
        }
    }

    private LightGbmBooster(int classes, int features, Handles handles) {
        this.classes = classes;
        this.features = features;
        this.handles = handles;
        this.cleanable = CLEANER.register(this, handles);
    }

    private static void check(int rc, String call) {
        if (rc != 0) {
            throw new IllegalStateException("LightGBM " + call + " failed: " + lightgbmlib.LastErrorMsg());
        }
    }

    private static SWIGTYPE_p_double nativeMatrix(double[][] x, int d) {
        SWIGTYPE_p_double m = lightgbmlib.new_doubleArray((long) x.length * d);
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                lightgbmlib.delete_doubleArray(m);
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, expected " + d);
            }
            long base = (long) i * d;
            for (int j = 0; j < d; j++) {
                lightgbmlib.doubleArray_setitem(m, base + j, x[i][j]);
            }
        }
        return m;
    }

    /**
     * Trains {@code iterations} boosting rounds.
     *
     * @param params LightGBM parameters ({@code key=value} separated by spaces), objective included
     * @param roundDone called with the number of rounds done; may throw to stop
     */
    static LightGbmBooster train(double[][] x, int[] y, int classes, String params, int iterations,
            IntConsumer roundDone) {
        LightGbmNative.load();
        int n = x.length;
        int d = x[0].length;
        Handles h = new Handles();
        LightGbmBooster result = null;
        SWIGTYPE_p_double data = nativeMatrix(x, d);
        SWIGTYPE_p_float labels = lightgbmlib.new_floatArray(n);
        SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
        SWIGTYPE_p_int finished = lightgbmlib.new_intp();
        try {
            check(lightgbmlib.LGBM_DatasetCreateFromMat(lightgbmlib.double_to_voidp_ptr(data),
                    lightgbmlibConstants.C_API_DTYPE_FLOAT64, n, d, 1, params, null, out), "DatasetCreateFromMat");
            h.dataset = lightgbmlib.voidpp_value(out);
            for (int i = 0; i < n; i++) {
                lightgbmlib.floatArray_setitem(labels, i, y[i]);
            }
            check(lightgbmlib.LGBM_DatasetSetField(h.dataset, "label", lightgbmlib.float_to_voidp_ptr(labels), n,
                    lightgbmlibConstants.C_API_DTYPE_FLOAT32), "DatasetSetField(label)");
            check(lightgbmlib.LGBM_BoosterCreate(h.dataset, params, out), "BoosterCreate");
            h.booster = lightgbmlib.voidpp_value(out);
            result = new LightGbmBooster(classes, d, h);
            for (int it = 1; it <= iterations; it++) {
                check(lightgbmlib.LGBM_BoosterUpdateOneIter(h.booster, finished), "BoosterUpdateOneIter");
                if (roundDone != null) {
                    roundDone.accept(it);
                }
                if (lightgbmlib.intp_value(finished) == 1) {
                    break; // no further split possible
                }
            }
            return result;
        } catch (RuntimeException e) {
            if (result != null) {
                result.close();
            } else {
                h.run();
            }
            throw e;
        } finally {
            lightgbmlib.delete_doubleArray(data);
            lightgbmlib.delete_floatArray(labels);
            lightgbmlib.delete_voidpp(out);
            lightgbmlib.delete_intp(finished);
        }
    }

    /** LightGBM's own text form of the booster (all rounds), as {@code LGBM_BoosterSaveModelToString} writes it. */
    String modelString() {
        SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
        try {
            synchronized (handles) {
                if (handles.booster == null) {
                    throw new IllegalStateException("LightGBM booster closed");
                }
                String s = lightgbmlib.LGBM_BoosterSaveModelToStringSWIG(handles.booster, 0, -1,
                        lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_SPLIT, 1L << 20, len);
                if (s == null || s.isEmpty()) {
                    throw new IllegalStateException("LightGBM BoosterSaveModelToString failed: " + lightgbmlib.LastErrorMsg());
                }
                return s;
            }
        } finally {
            lightgbmlib.delete_int64_tp(len);
        }
    }

    /**
     * A booster from the text {@link #modelString()} wrote.
     *
     * @throws IllegalArgumentException when LightGBM cannot parse it, or it is not a booster of {@code classes}
     *         classes on {@code features} features
     */
    static LightGbmBooster fromModelString(String model, int classes, int features) {
        LightGbmNative.load();
        Handles h = new Handles();
        SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
        SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
        SWIGTYPE_p_int value = lightgbmlib.new_intp();
        try {
            if (lightgbmlib.LGBM_BoosterLoadModelFromString(model, iterations, out) != 0) {
                throw new IllegalArgumentException("LightGBM cannot read the model: " + lightgbmlib.LastErrorMsg());
            }
            h.booster = lightgbmlib.voidpp_value(out);
            check(lightgbmlib.LGBM_BoosterGetNumFeature(h.booster, value), "BoosterGetNumFeature");
            int f = lightgbmlib.intp_value(value);
            check(lightgbmlib.LGBM_BoosterGetNumClasses(h.booster, value), "BoosterGetNumClasses");
            int c = lightgbmlib.intp_value(value);
            if (f != features || c != (classes == 2 ? 1 : classes)) {
                throw new IllegalArgumentException("a booster of " + (c == 1 ? 2 : c) + " classes on " + f
                        + " features, expected " + classes + " classes on " + features + " features");
            }
            return new LightGbmBooster(classes, features, h);
        } catch (RuntimeException e) {
            h.run();
            throw e;
        } finally {
            lightgbmlib.delete_voidpp(out);
            lightgbmlib.delete_intp(iterations);
            lightgbmlib.delete_intp(value);
        }
    }

    /** Class probabilities, rows × classes (binary: {1 − p, p}). */
    double[][] predictProba(double[][] x) {
        int n = x.length;
        int perRow = classes == 2 ? 1 : classes;
        SWIGTYPE_p_double data = nativeMatrix(x, features);
        SWIGTYPE_p_double result = lightgbmlib.new_doubleArray((long) n * perRow);
        SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
        try {
            synchronized (handles) {
                if (handles.booster == null) {
                    throw new IllegalStateException("LightGBM booster closed");
                }
                check(lightgbmlib.LGBM_BoosterPredictForMat(handles.booster, lightgbmlib.double_to_voidp_ptr(data),
                        lightgbmlibConstants.C_API_DTYPE_FLOAT64, n, features, 1,
                        lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1, "", len, result), "BoosterPredictForMat");
            }
            long got = lightgbmlib.int64_tp_value(len);
            if (got != (long) n * perRow) {
                throw new IllegalStateException("LightGBM predicted " + got + " values for " + n + " rows");
            }
            double[][] p = new double[n][classes];
            for (int i = 0; i < n; i++) {
                if (classes == 2) {
                    double v = lightgbmlib.doubleArray_getitem(result, i);
                    p[i][0] = 1 - v;
                    p[i][1] = v;
                } else {
                    for (int c = 0; c < classes; c++) {
                        p[i][c] = lightgbmlib.doubleArray_getitem(result, (long) i * classes + c);
                    }
                }
            }
            return p;
        } finally {
            lightgbmlib.delete_doubleArray(data);
            lightgbmlib.delete_doubleArray(result);
            lightgbmlib.delete_int64_tp(len);
        }
    }

    /** Feature importance over all rounds (and all classes' trees): total split gain, or split count. */
    double[] importance(boolean gain) {
        SWIGTYPE_p_double out = lightgbmlib.new_doubleArray(features);
        try {
            synchronized (handles) {
                if (handles.booster == null) {
                    throw new IllegalStateException("LightGBM booster closed");
                }
                check(lightgbmlib.LGBM_BoosterFeatureImportance(handles.booster, 0,
                        gain ? lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_GAIN
                                : lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_SPLIT,
                        out), "BoosterFeatureImportance");
            }
            double[] imp = new double[features];
            for (int j = 0; j < features; j++) {
                imp[j] = lightgbmlib.doubleArray_getitem(out, j);
            }
            return imp;
        } finally {
            lightgbmlib.delete_doubleArray(out);
        }
    }

    /** Boosting rounds done. */
    int iterations() {
        SWIGTYPE_p_int out = lightgbmlib.new_intp();
        try {
            synchronized (handles) {
                check(lightgbmlib.LGBM_BoosterGetCurrentIteration(handles.booster, out), "BoosterGetCurrentIteration");
            }
            return lightgbmlib.intp_value(out);
        } finally {
            lightgbmlib.delete_intp(out);
        }
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
