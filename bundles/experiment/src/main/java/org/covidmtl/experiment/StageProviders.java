package org.covidmtl.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.api.evaluation.ModelComparator;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageDirectory.Selected;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.stage.StageProperties;
import org.covidmtl.cohort.CohortSplit;

/**
 * The providers an experiment file names, taken from the stage directory and nowhere else: model factories, loss
 * strategies and evaluators by their {@code covidmtl.name} ({@link StageDirectory#select(Class, String, String)});
 * the loss {@code default} and an unnamed comparator are the stage's selected provider
 * ({@link StageDirectory#select(Class, String)}). Asked again for every run, so a provider swapped in the
 * container (another bundle, {@code mtl:use}) serves the next run.
 *
 * @param models factory by name
 * @param losses strategy by the name the file uses (including {@code default})
 * @param evaluators evaluator by name, in the file's order
 * @param comparator the comparator of configurations, {@code null} for {@code "comparator": "none"}
 * @param choices one line per provider chosen by the platform rather than by the file, for the console
 */
public record StageProviders(Map<String, ModelFactory> models, Map<String, ExperimentRunner.NamedLoss> losses,
        Map<String, Evaluator> evaluators, ExperimentRunner.NamedComparator comparator, List<String> choices) {

    /**
     * Resolves every provider {@code spec} needs.
     *
     * @throws StageException naming the file and the member when a provider is not registered
     */
    public static StageProviders of(ExperimentSpec spec, StageDirectory directory) {
        String f = spec.file().toString();
        List<String> choices = new ArrayList<>();
        Map<String, ModelFactory> models = new LinkedHashMap<>();
        for (String name : spec.modelNames()) {
            models.put(name, named(directory, ModelFactory.class, StageProperties.STAGE_MODEL, name, f + " runs",
                    "model").service());
        }
        Map<String, ExperimentRunner.NamedLoss> losses = new LinkedHashMap<>();
        for (String name : spec.lossNames()) {
            Selected<LossStrategy> s;
            if (name.equals(ExperimentSpec.DEFAULT_LOSS)) {
                s = directory.select(LossStrategy.class, StageProperties.STAGE_LOSS).orElseThrow(
                        () -> new StageException(f + " runs", "loss \"default\": no loss strategy is registered"));
                choices.add("loss \"default\" is " + s.name() + (s.fallback() ? " (no default configured: best ranked)"
                        : ""));
            } else {
                s = named(directory, LossStrategy.class, StageProperties.STAGE_LOSS, name, f + " runs", "loss");
            }
            losses.put(name, new ExperimentRunner.NamedLoss(s.name(), s.service()));
        }
        if (directory.providers(Evaluator.class, StageProperties.STAGE_EVALUATOR).isEmpty()) {
            throw new StageException(f + " evaluation.evaluators", "no evaluator is registered (stage "
                    + StageProperties.STAGE_EVALUATOR + "): is the evaluation bundle active?");
        }
        Map<String, Evaluator> evaluators = new LinkedHashMap<>();
        for (String name : spec.evaluators()) {
            evaluators.put(name, named(directory, Evaluator.class, StageProperties.STAGE_EVALUATOR, name, f
                    + " evaluation.evaluators", "evaluator").service());
        }
        return new StageProviders(models, losses, evaluators, comparator(spec, directory, choices), List.copyOf(
                choices));
    }

    /** The runner's inputs: these providers and the data. */
    public ExperimentRunner.Inputs inputs(CohortSplit data) {
        return new ExperimentRunner.Inputs(data, models, losses, evaluators, comparator);
    }

    /**
     * The runner's inputs: these providers, the data and what prepares the volume runs' studies (in OSGi the
     * stage directory's readers, writers and segmenter).
     */
    public ExperimentRunner.Inputs inputs(CohortSplit data, org.covidmtl.assessment.AssessmentStages studies) {
        return new ExperimentRunner.Inputs(data, models, losses, evaluators, comparator, studies);
    }

    private static ExperimentRunner.NamedComparator comparator(ExperimentSpec spec, StageDirectory directory,
            List<String> choices) {
        String where = spec.file() + " evaluation.comparator";
        Optional<String> wanted = spec.comparator();
        if (wanted.isPresent() && wanted.get().equals(ExperimentSpec.NO_COMPARATOR)) {
            return null;
        }
        Selected<ModelComparator> s;
        if (wanted.isPresent()) {
            s = named(directory, ModelComparator.class, StageProperties.STAGE_EVALUATOR, wanted.get(), where,
                    "comparator");
        } else {
            s = directory.select(ModelComparator.class, StageProperties.STAGE_EVALUATOR).orElseThrow(
                    () -> new StageException(where, "no comparator is registered (stage "
                            + StageProperties.STAGE_EVALUATOR + "); set it to \"" + ExperimentSpec.NO_COMPARATOR
                            + "\" to run without comparisons"));
            choices.add("comparator is " + s.name() + (s.fallback() ? " (best ranked)" : ""));
        }
        return new ExperimentRunner.NamedComparator(s.name(), s.service());
    }

    private static <S> Selected<S> named(StageDirectory directory, Class<S> type, String stage, String name,
            String where, String what) {
        return directory.select(type, stage, name).orElseThrow(() -> new StageException(where, "no " + what
                + " service named " + name + " (registered: " + names(directory.providers(type, stage)) + ")"));
    }

    private static String names(List<? extends Selected<?>> providers) {
        List<String> names = new ArrayList<>();
        providers.forEach(p -> names.add(p.name()));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
