package org.covidmtl.segmentation.ds;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.covidmtl.segmentation.RefinedSegmenter;
import org.junit.jupiter.api.Test;

/** The components as Configuration Admin creates them without a configuration: the annotation defaults. */
class ComponentDefaultsTest {

    @SuppressWarnings("unchecked")
    static <T> T defaults(Class<T> config) {
        return (T) Proxy.newProxyInstance(config.getClassLoader(), new Class<?>[] {config},
                (proxy, method, args) -> method.getDefaultValue());
    }

    @Test
    void refinedDefaultsAreThePapers() {
        RefinedSegmenterComponent c = new RefinedSegmenterComponent(defaults(RefinedSegmenterComponent.Config.class));
        assertThat(c.segmenter().settings()).isEqualTo(RefinedSegmenter.Settings.paper());
    }

    @Test
    void classicalStartsWithTheReferenceThreshold() {
        ClassicalSegmenterComponent.Config config = defaults(ClassicalSegmenterComponent.Config.class);
        assertThat(config.thresholdHu()).isEqualTo(-420f);
        assertThat(new ClassicalSegmenterComponent(config)).isNotNull();
    }
}
