package org.covidmtl.segmentation.ds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageInfo;

/** A stage directory over fixed providers per stage, in registration order, with a settable default. */
final class StageDirectoryDouble implements StageDirectory {
    final Map<String, Map<String, Object>> providers = new HashMap<>();
    final Map<String, String> defaults = new HashMap<>();

    void add(String stage, String name, Object service) {
        providers.computeIfAbsent(stage, s -> new LinkedHashMap<>()).put(name, service);
    }

    @Override
    public List<StageInfo> stages() {
        return List.of();
    }

    @Override
    public <S> Optional<Selected<S>> select(Class<S> type, String stage) {
        List<Selected<S>> l = providers(type, stage);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    @Override
    public <S> Optional<Selected<S>> select(Class<S> type, String stage, String name) {
        return providers(type, stage).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public <S> List<Selected<S>> providers(Class<S> type, String stage) {
        List<Selected<S>> l = new ArrayList<>();
        String d = defaults.get(stage);
        providers.getOrDefault(stage, Map.of()).forEach((n, s) -> {
            Selected<S> sel = new Selected<>(n, type.cast(s), false);
            if (n.equals(d)) {
                l.add(0, sel);
            } else {
                l.add(sel);
            }
        });
        return l;
    }

    @Override
    public void setDefault(String stage, String name) {
        defaults.put(stage, name);
    }

    @Override
    public Optional<String> configuredDefault(String stage) {
        return Optional.ofNullable(defaults.get(stage));
    }
}
