package org.covidmtl.volume.io.ds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageInfo;

/**
 * A {@link StageDirectory} without a framework, ordering providers as the platform's does: the configured default
 * first, then by service ranking (highest first), then by registration order. Providers are registered and
 * unregistered while it is in use, as bundles start and stop in a container.
 */
final class TestStageDirectory implements StageDirectory {
    /** One registration: its service properties and the service. */
    record Registration(String stage, String name, int ranking, long id, Object service) {
    }

    private final List<Registration> registrations = new ArrayList<>();
    private final Map<String, String> defaults = new HashMap<>();
    private long nextId;

    synchronized void register(String stage, String name, int ranking, Object service) {
        registrations.add(new Registration(stage, name, ranking, nextId++, service));
    }

    synchronized void unregister(String name) {
        registrations.removeIf(r -> r.name().equals(name));
    }

    private synchronized List<Registration> ordered(String stage) {
        String wanted = defaults.get(stage);
        return registrations.stream().filter(r -> r.stage().equals(stage))
                .sorted(Comparator.comparing((Registration r) -> !r.name().equals(wanted)).thenComparing(r -> -r.ranking())
                        .thenComparingLong(Registration::id))
                .toList();
    }

    @Override
    public synchronized List<StageInfo> stages() {
        List<StageInfo> out = new ArrayList<>();
        for (Registration r : registrations) {
            boolean selected = ordered(r.stage()).get(0) == r;
            out.add(new StageInfo(r.stage(), r.name(), "test", r.ranking(), selected, Map.of()));
        }
        out.sort(Comparator.comparing(StageInfo::stage).thenComparing(StageInfo::name));
        return out;
    }

    @Override
    public <S> Optional<Selected<S>> select(Class<S> type, String stage) {
        List<Selected<S>> all = providers(type, stage);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Selected<S> first = all.get(0);
        boolean fallback = defaults.containsKey(stage) && !first.name().equals(defaults.get(stage));
        return Optional.of(new Selected<>(first.name(), first.service(), fallback));
    }

    @Override
    public <S> Optional<Selected<S>> select(Class<S> type, String stage, String name) {
        return providers(type, stage).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public <S> List<Selected<S>> providers(Class<S> type, String stage) {
        return ordered(stage).stream().filter(r -> type.isInstance(r.service()))
                .map(r -> new Selected<>(r.name(), type.cast(r.service()), false)).toList();
    }

    @Override
    public synchronized void setDefault(String stage, String name) {
        if (registrations.stream().noneMatch(r -> r.stage().equals(stage) && r.name().equals(name))) {
            throw new StageException("stage " + stage, "no provider named " + name);
        }
        defaults.put(stage, name);
    }

    @Override
    public synchronized Optional<String> configuredDefault(String stage) {
        return Optional.ofNullable(defaults.get(stage));
    }
}
