package org.covidmtl.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageInfo;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.Evaluators;
import org.covidmtl.loss.mean.MeanLoss;
import org.covidmtl.loss.uncertainty.UncertaintyWeightedLoss;
import org.covidmtl.models.features.RandomForestFactory;

/**
 * A stage directory outside a framework, with the platform directory's rules: the configured default of a stage,
 * else the best-ranked provider (then the first registered); providers listed default first, then by ranking.
 * Providers can be registered and unregistered between runs, as bundles come and go in a container.
 */
public final class TestDirectory implements StageDirectory {
    private record Entry(String stage, String name, int ranking, long id, Object service) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Map<String, String> defaults = new ConcurrentHashMap<>();

    /**
     * The platform's providers as a container registers them: the random forest and the test's softmax model, the
     * mean and uncertainty loss strategies, the evaluation bundle's evaluators and DeLong's comparator.
     */
    public static TestDirectory platform() {
        TestDirectory d = new TestDirectory();
        d.register("model", "random-forest", (ModelFactory) new RandomForestFactory());
        d.register("model", "softmax-mtl", new SoftmaxMultitask());
        d.register("loss", "mean", new MeanLoss());
        d.register("loss", "uncertainty", new UncertaintyWeightedLoss(0, 1));
        Evaluators.all(BootstrapSettings.NONE).forEach((name, e) -> d.register("evaluator", name, e));
        d.register("evaluator", "delong", Evaluators.delong());
        return d;
    }

    public TestDirectory register(String stage, String name, Object service) {
        return register(stage, name, 0, service);
    }

    public TestDirectory register(String stage, String name, int ranking, Object service) {
        entries.add(new Entry(stage, name, ranking, entries.size() + 1L, service));
        return this;
    }

    /** Removes every provider of that stage and name. */
    public TestDirectory unregister(String stage, String name) {
        entries.removeIf(e -> e.stage().equals(stage) && e.name().equals(name));
        return this;
    }

    private <S> List<Entry> candidates(Class<S> type, String stage) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.stage().equals(stage) && type.isInstance(e.service())) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::id));
        return out;
    }

    @Override
    public List<StageInfo> stages() {
        List<StageInfo> out = new ArrayList<>();
        entries.forEach(e -> out.add(new StageInfo(e.stage(), e.name(), "test", e.ranking(), false, Map.of())));
        return out;
    }

    @Override
    public <S> Optional<Selected<S>> select(Class<S> type, String stage) {
        List<Entry> c = candidates(type, stage);
        String wanted = defaults.get(stage);
        for (Entry e : c) {
            if (e.name().equals(wanted)) {
                return Optional.of(new Selected<>(e.name(), type.cast(e.service()), false));
            }
        }
        return c.stream().findFirst().map(e -> new Selected<>(e.name(), type.cast(e.service()), wanted != null));
    }

    @Override
    public <S> Optional<Selected<S>> select(Class<S> type, String stage, String name) {
        return candidates(type, stage).stream().filter(e -> e.name().equals(name)).findFirst().map(
                e -> new Selected<>(e.name(), type.cast(e.service()), false));
    }

    @Override
    public <S> List<Selected<S>> providers(Class<S> type, String stage) {
        List<Entry> c = candidates(type, stage);
        String wanted = defaults.get(stage);
        c.sort(Comparator.comparing(e -> !e.name().equals(wanted)));
        List<Selected<S>> out = new ArrayList<>();
        c.forEach(e -> out.add(new Selected<>(e.name(), type.cast(e.service()), false)));
        return out;
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
