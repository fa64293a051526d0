package org.covidmtl.models.volume;

import java.util.ArrayList;

import org.covidmtl.api.model.Study;

/** A study's network inputs as {@link CovidMtlModel} prepares them (prepared volume, features in schema order). */
record VolumeInputTestSupport(float[] volume, float[] features) {

    static VolumeInputTestSupport of(CovidMtlModel model, Study s) {
        float[] v = VolumeInput.of(s.id(), s.volume().open(), model.schema().volume(), new ArrayList<>());
        java.util.List<String> names = model.schema().features();
        float[] f = new float[names.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = s.features().get(names.get(i)).floatValue();
        }
        return new VolumeInputTestSupport(v, f);
    }
}
