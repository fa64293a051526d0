package org.covidmtl.platform.directory.component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageInfo;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.platform.directory.ProviderChoice;
import org.covidmtl.platform.directory.ProviderChoice.Candidate;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@link StageDirectory}: tracks every service with a {@code covidmtl.stage} property and selects
 * one provider per stage. Defaults live in the configuration {@value StageProperties#DEFAULTS_PID}
 * (one property per stage, value = provider name), so {@code mtl:use} survives a restart.
 */
@Component(configurationPid = StageProperties.DEFAULTS_PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class StageDirectoryComponent implements StageDirectory {
    private static final String FILTER = "(" + StageProperties.STAGE + "=*)";

    private final ConfigurationAdmin configurationAdmin;
    private final ServiceTracker<Object, Object> tracker;
    private final Map<String, String> defaults = new ConcurrentHashMap<>();

    @Activate
    public StageDirectoryComponent(BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
            Map<String, Object> properties) throws InvalidSyntaxException {
        this.configurationAdmin = configurationAdmin;
        this.tracker = new ServiceTracker<>(context, context.createFilter(FILTER), null);
        this.tracker.open(true);
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Map<String, String> fresh = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (!key.contains(".") && !key.equals(Constants.SERVICE_PID) && value instanceof String s && !s.isBlank()) {
                fresh.put(key, s.trim());
            }
        });
        defaults.keySet().retainAll(fresh.keySet());
        defaults.putAll(fresh);
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    @Override
    public List<StageInfo> stages() {
        List<StageInfo> result = new ArrayList<>();
        Map<String, Long> selected = new TreeMap<>();
        ServiceReference<Object>[] refs = tracker.getServiceReferences();
        if (refs == null) {
            return result;
        }
        Map<String, List<ServiceReference<Object>>> byStage = new TreeMap<>();
        for (ServiceReference<Object> ref : refs) {
            byStage.computeIfAbsent(stageOf(ref), s -> new ArrayList<>()).add(ref);
        }
        byStage.forEach((stage, list) -> ProviderChoice.choose(candidates(list), configuredDefault(stage))
                .ifPresent(choice -> selected.put(stage, choice.candidate().serviceId())));
        for (ServiceReference<Object> ref : refs) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (String key : ref.getPropertyKeys()) {
                props.put(key, ref.getProperty(key));
            }
            String stage = stageOf(ref);
            long id = (Long) ref.getProperty(Constants.SERVICE_ID);
            result.add(new StageInfo(stage, nameOf(ref), ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName(),
                    rankingOf(ref), Long.valueOf(id).equals(selected.get(stage)), props));
        }
        result.sort(Comparator.comparing(StageInfo::stage).thenComparing(StageInfo::name));
        return result;
    }

    @Override
    public <S> Optional<Selected<S>> select(Class<S> type, String stage) {
        return select(type, stage, configuredDefault(stage), false);
    }

    @Override
    public <S> Optional<Selected<S>> select(Class<S> type, String stage, String name) {
        return select(type, stage, Optional.of(name), true);
    }

    @Override
    public <S> List<Selected<S>> providers(Class<S> type, String stage) {
        Map<Long, Object> services = new TreeMap<>();
        Map<Long, ServiceReference<Object>> references = new TreeMap<>();
        track(type, stage, services, references);
        List<Selected<S>> result = new ArrayList<>();
        for (Candidate c : ProviderChoice.order(candidates(new ArrayList<>(references.values())), configuredDefault(stage))) {
            result.add(new Selected<>(c.name(), type.cast(services.get(c.serviceId())), false));
        }
        return result;
    }

    /** The service objects the tracker holds for a stage, keyed by the service id of their reference. */
    private void track(Class<?> type, String stage, Map<Long, Object> services, Map<Long, ServiceReference<Object>> references) {
        for (Map.Entry<ServiceReference<Object>, Object> e : tracker.getTracked().entrySet()) {
            ServiceReference<Object> ref = e.getKey();
            if (stage.equals(stageOf(ref)) && type.isInstance(e.getValue())) {
                long id = (Long) ref.getProperty(Constants.SERVICE_ID);
                services.put(id, e.getValue());
                references.put(id, ref);
            }
        }
    }

    private <S> Optional<Selected<S>> select(Class<S> type, String stage, Optional<String> wanted, boolean strict) {
        Map<Long, Object> services = new TreeMap<>();
        Map<Long, ServiceReference<Object>> references = new TreeMap<>();
        track(type, stage, services, references);
        List<Candidate> candidates = candidates(new ArrayList<>(references.values()));
        if (strict) {
            candidates.removeIf(c -> !c.name().equals(wanted.orElseThrow()));
        }
        return ProviderChoice.choose(candidates, wanted).map(choice -> new Selected<>(choice.candidate().name(),
                type.cast(services.get(choice.candidate().serviceId())), choice.fallback()));
    }

    @Override
    public void setDefault(String stage, String name) {
        List<String> names = stages().stream().filter(s -> s.stage().equals(stage)).map(StageInfo::name).toList();
        if (!names.contains(name)) {
            throw new StageException("stage " + stage, names.isEmpty() ? "no provider is registered for this stage"
                    : "no provider named " + name + " (registered: " + String.join(", ", names) + ")");
        }
        try {
            Configuration configuration = configurationAdmin.getConfiguration(StageProperties.DEFAULTS_PID, "?");
            Dictionary<String, Object> props = configuration.getProperties();
            if (props == null) {
                props = new Hashtable<>();
            }
            props.put(stage, name);
            configuration.update(props);
            defaults.put(stage, name);
        } catch (IOException e) {
            throw new StageException("configuration " + StageProperties.DEFAULTS_PID, "cannot be saved: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> configuredDefault(String stage) {
        return Optional.ofNullable(defaults.get(stage));
    }

    private static List<Candidate> candidates(List<ServiceReference<Object>> refs) {
        List<Candidate> list = new ArrayList<>();
        for (ServiceReference<Object> ref : refs) {
            list.add(new Candidate(nameOf(ref), rankingOf(ref), (Long) ref.getProperty(Constants.SERVICE_ID)));
        }
        return list;
    }

    private static String stageOf(ServiceReference<?> ref) {
        return String.valueOf(ref.getProperty(StageProperties.STAGE));
    }

    private static String nameOf(ServiceReference<?> ref) {
        Object name = ref.getProperty(StageProperties.NAME);
        return name == null ? "service-" + ref.getProperty(Constants.SERVICE_ID) : name.toString();
    }

    private static int rankingOf(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

}
