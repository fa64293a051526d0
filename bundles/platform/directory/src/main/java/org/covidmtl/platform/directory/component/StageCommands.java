package org.covidmtl.platform.directory.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageInfo;
import org.covidmtl.api.stage.StageProperties;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code mtl:stages} and {@code mtl:use}. */
@Component(service = StageCommands.class)
@GogoCommand(scope = "mtl", function = {"stages", "use"})
public class StageCommands {
    private static final List<String> SHOWN_ELSEWHERE = List.of(StageProperties.STAGE, StageProperties.NAME,
            Constants.SERVICE_ID, Constants.SERVICE_BUNDLEID, Constants.SERVICE_SCOPE, Constants.OBJECTCLASS,
            Constants.SERVICE_RANKING, "component.id", "component.name", Constants.SERVICE_PID,
            "osgi.ds.satisfying.condition.target");

    private final StageDirectory directory;

    @Activate
    public StageCommands(@Reference StageDirectory directory) {
        this.directory = directory;
    }

    @Descriptor("lists every registered stage service: stage, name, bundle, ranking, whether it is the default, properties")
    public void stages() {
        print(directory.stages());
    }

    @Descriptor("lists the registered services of one stage")
    public void stages(@Descriptor("stage, e.g. loss, model, volume-reader") String stage) {
        print(directory.stages().stream().filter(s -> s.stage().equals(stage)).toList());
    }

    @Descriptor("makes a provider the default for its stage (persisted, survives a restart)")
    public void use(@Descriptor("stage, e.g. loss") String stage,
            @Descriptor("provider name, e.g. random-weighted") String name) {
        String before = directory.configuredDefault(stage).orElse("(none)");
        directory.setDefault(stage, name);
        System.out.println(stage + ": " + name + " (was " + before + ")");
    }

    private static void print(List<StageInfo> stages) {
        if (stages.isEmpty()) {
            System.out.println("no stage services registered");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STAGE", "NAME", "DEFAULT", "RANKING", "BUNDLE", "PROPERTIES"});
        for (StageInfo s : stages) {
            Map<String, Object> extra = new TreeMap<>(s.properties());
            extra.keySet().removeAll(SHOWN_ELSEWHERE);
            StringBuilder props = new StringBuilder();
            extra.forEach((k, v) -> props.append(props.length() == 0 ? "" : " ").append(k).append('=').append(format(v)));
            rows.add(new String[] {s.stage(), s.name(), s.isDefault() ? "*" : "", Integer.toString(s.ranking()), s.bundle(),
                    props.toString()});
        }
        int[] width = new int[6];
        for (String[] r : rows) {
            for (int c = 0; c < 5; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < 5; c++) {
                line.append(String.format("%-" + width[c] + "s  ", r[c]));
            }
            line.append(r[5]);
            System.out.println(line.toString().stripTrailing());
        }
    }

    private static String format(Object v) {
        if (v instanceof Object[] array) {
            return String.join(",", java.util.Arrays.stream(array).map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }
}
