package org.covidmtl.volume.io.ds;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS wiring without a framework: the components as SCR would build them, and the commands on real data. */
class VolumeCommandsTest {
    @TempDir
    Path tmp;

    static Path shared(String rel) {
        return Paths.get(System.getProperty("covidmtl.shared", "../../../../shared")).resolve("data").resolve(rel);
    }

    /** The component description bnd generated (the DS annotations are not kept at run time). */
    static String xml(Class<?> c) throws Exception {
        try (var in = c.getClassLoader().getResourceAsStream("OSGI-INF/" + c.getName() + ".xml")) {
            assertThat(in).as("OSGI-INF/" + c.getName() + ".xml").isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static String property(String xml, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<property name=\"" + java.util.regex.Pattern.quote(name)
                + "\"[^>]*value=\"([^\"]*)\"").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    static Map.Entry<Map<String, Object>, VolumeReader> entry(VolumeReader r) throws Exception {
        String name = property(xml(r.getClass()), StageProperties.NAME);
        return new AbstractMap.SimpleEntry<>(Map.of(StageProperties.NAME, name), r);
    }

    VolumeCommands commands() throws Exception {
        // deliberately in the wrong order: the component must ask the COVID-MTL reader before DICOM
        List<Map.Entry<Map<String, Object>, VolumeReader>> readers = List.of(entry(new DicomSeriesReaderComponent()),
                entry(new NiftiReaderComponent()), entry(new NrrdReaderComponent()), entry(new CovidMtlReaderComponent()));
        List<VolumeWriter> writers = List.of(new NiftiWriterComponent(), new NrrdWriterComponent(), new CovidMtlWriterComponent());
        return new VolumeCommands(readers, writers);
    }

    @Test
    void serviceProperties() throws Exception {
        Map<Class<?>, String[]> expected = Map.of(NiftiReaderComponent.class, new String[] {"volume-reader", "nifti"},
                NrrdReaderComponent.class, new String[] {"volume-reader", "nrrd"},
                DicomSeriesReaderComponent.class, new String[] {"volume-reader", "dicom"},
                CovidMtlReaderComponent.class, new String[] {"volume-reader", "covid-mtl-dtm"},
                NiftiWriterComponent.class, new String[] {"volume-writer", "nifti"},
                NrrdWriterComponent.class, new String[] {"volume-writer", "nrrd"},
                CovidMtlWriterComponent.class, new String[] {"volume-writer", "covid-mtl-dtm"});
        for (Map.Entry<Class<?>, String[]> e : expected.entrySet()) {
            String x = xml(e.getKey());
            assertThat(property(x, StageProperties.STAGE)).isEqualTo(e.getValue()[0]);
            assertThat(property(x, StageProperties.NAME)).isEqualTo(e.getValue()[1]);
            assertThat(property(x, StageProperties.FORMAT)).isNotBlank();
        }
        String cx = xml(VolumeCommands.class);
        assertThat(property(cx, "osgi.command.scope")).isEqualTo("volume");
        assertThat(cx).contains("info\nconvert\nbatch");
        for (Method m : VolumeCommands.class.getDeclaredMethods()) {
            if (List.of("info", "convert", "batch").contains(m.getName())) {
                assertThat(m.getAnnotation(Descriptor.class)).as(m.getName()).isNotNull();
                for (Parameter p : m.getParameters()) {
                    assertThat(p.getAnnotation(Descriptor.class)).as(m.getName() + " " + p.getName()).isNotNull();
                }
            }
        }
    }

    @Test
    void infoAndConvertThroughTheCommands() throws Exception {
        VolumeCommands c = commands();
        String info = c.info(false, shared("covid-mtl/ibsi-ct-phantom.dtm").toString());
        assertThat(info).contains("COVID-MTL").contains("204 x 201 x 60");
        // the typed error reaches the shell (and a one-shot command's exit status)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.info(false, tmp.resolve("nothing-here.nii").toString()))
                .isInstanceOf(org.covidmtl.api.volume.VolumeFormatException.class).hasMessageContaining("nothing-here.nii");
        Path out = tmp.resolve("p.nrrd");
        String r = c.convert(2, "linear", false, shared("pyradiomics/data/brain1_image.nrrd").toString(), out.toString());
        assertThat(r).contains("wrote");
        assertThat(Files.size(out)).isGreaterThan(1000);
        assertThat(c.info(false, out.toString())).contains("2.0000 x 2.0000 x 2.0000");
    }
}
