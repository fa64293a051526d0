package org.covidmtl.volume.io.ds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.VolumeFormatException;
import org.covidmtl.api.volume.VolumeReader;
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

    /** Registers a component with the stage, name and ranking its generated component description declares. */
    static void register(TestStageDirectory d, Object component) throws Exception {
        String x = xml(component.getClass());
        String ranking = property(x, "service.ranking");
        d.register(property(x, StageProperties.STAGE), property(x, StageProperties.NAME), ranking == null ? 0 : Integer.parseInt(ranking), component);
    }

    TestStageDirectory directory() throws Exception {
        // registered in the wrong order: the rankings must put the COVID-MTL reader before DICOM
        TestStageDirectory d = new TestStageDirectory();
        for (Object c : List.of(new DicomSeriesReaderComponent(), new NiftiReaderComponent(), new NrrdReaderComponent(), new CovidMtlReaderComponent(),
                new NiftiWriterComponent(), new NrrdWriterComponent(), new CovidMtlWriterComponent())) {
            register(d, c);
        }
        return d;
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
        // the order readers are asked in: COVID-MTL (its .dcm files look like DICOM) first, DICOM (any folder) last
        assertThat(property(xml(CovidMtlReaderComponent.class), "service.ranking")).isEqualTo("20");
        assertThat(property(xml(NiftiReaderComponent.class), "service.ranking")).isEqualTo("10");
        assertThat(property(xml(NrrdReaderComponent.class), "service.ranking")).isEqualTo("10");
        assertThat(property(xml(DicomSeriesReaderComponent.class), "service.ranking")).isEqualTo("0");
        assertThat(directory().providers(VolumeReader.class, StageProperties.STAGE_VOLUME_READER).stream().map(s -> s.name()))
                .containsExactly("covid-mtl-dtm", "nifti", "nrrd", "dicom");
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
        VolumeCommands c = new VolumeCommands(directory());
        String info = c.info(false, "", shared("covid-mtl/ibsi-ct-phantom.dtm").toString());
        assertThat(info).contains("COVID-MTL").contains("204 x 201 x 60");
        // the typed error reaches the shell (and a one-shot command's exit status)
        assertThatThrownBy(() -> c.info(false, "", tmp.resolve("nothing-here.nii").toString()))
                .isInstanceOf(VolumeFormatException.class).hasMessageContaining("nothing-here.nii").hasMessageContaining("no such file or folder");
        Path out = tmp.resolve("p.nrrd");
        String r = c.convert(2, "linear", false, "", shared("pyradiomics/data/brain1_image.nrrd").toString(), out.toString());
        assertThat(r).contains("wrote");
        assertThat(Files.size(out)).isGreaterThan(1000);
        assertThat(c.info(false, "", out.toString())).contains("2.0000 x 2.0000 x 2.0000");
    }

    @Test
    void readerOptionsReachTheReader() throws Exception {
        VolumeCommands c = new VolumeCommands(directory());
        String mr = shared("dicom/pydicom_test_files/MR_small.dcm").toString();
        // an MR image needs modality=any; padding=keep is a second option in the same --option
        assertThatThrownBy(() -> c.info(false, "", mr)).isInstanceOf(VolumeFormatException.class).hasMessageContaining("modality MR");
        assertThat(c.info(false, "modality=any,padding=keep", mr)).contains("64 x 64 x 1");
        assertThat(c.info(false, " modality = any ", mr)).contains("64 x 64 x 1");
        // unknown keys stay the reader's typed error; a pair without '=' is the command's
        assertThatThrownBy(() -> c.info(false, "modality=any,colour=red", mr)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("MR_small.dcm").hasMessageContaining("unknown reader option 'colour'");
        assertThatThrownBy(() -> c.info(false, "modality", mr)).isInstanceOf(StageException.class).hasMessageContaining("not key=value");
        assertThat(ReaderOptions.parse("series=1.2.3", true)).containsExactly(Map.entry("series", "1.2.3"), Map.entry("allow-gaps", "true"));
    }

    @Test
    void readersAreTakenFromTheDirectoryAtEveryCall() throws Exception {
        TestStageDirectory d = directory();
        VolumeCommands c = new VolumeCommands(d);
        String dtm = shared("covid-mtl/sample.dtm").toString();
        assertThat(c.info(false, "", dtm)).contains("read as:    COVID-MTL");
        // the COVID-MTL bundle stops: no other reader takes its files (the DICOM reader declines them)
        d.unregister("covid-mtl-dtm");
        assertThatThrownBy(() -> c.info(false, "", dtm)).isInstanceOf(VolumeFormatException.class).hasMessageContaining("no reader recognises");
        // a replacement is registered, ranked above everything: the next command uses it
        d.register(StageProperties.STAGE_VOLUME_READER, "replacement", 30, new VolumeReader() {
            final VolumeReader inner = new CovidMtlReaderComponent();

            @Override
            public boolean canRead(Path input) {
                return inner.canRead(input);
            }

            @Override
            public LoadedVolume read(Path input, Map<String, String> options, Progress progress) {
                LoadedVolume v = inner.read(input, options, progress);
                return new LoadedVolume(v.volume(), v.mask(), v.source(), "replacement reader", v.warnings(), v.metadata());
            }
        });
        assertThat(c.info(false, "", dtm)).contains("read as:    replacement reader");
        // and a configured default comes before the ranking
        register(d, new CovidMtlReaderComponent());
        d.setDefault(StageProperties.STAGE_VOLUME_READER, "covid-mtl-dtm");
        assertThat(c.info(false, "", dtm)).contains("read as:    COVID-MTL");
    }
}
