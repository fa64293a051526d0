package org.covidmtl.experiment;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.assessment.AssessmentStages;
import org.covidmtl.assessment.StudyPreparation;
import org.covidmtl.assessment.StudyTable;

/**
 * The studies of an experiment's volume runs: the study table of {@code data.volumes} joined to the cohort's split
 * and prepared as {@code mtl:train} prepares them ({@link StudyPreparation}: read, 1 mm, lungs, the paper's masked
 * volume, cached under {@code <results>/<name>-volumes/prepared/} and reused while the source is unchanged).
 * <ul>
 * <li>Every study of the split needs a row of the study table whose labels agree with the cohort's (an empty or
 * {@code -1} label in the table is not given); otherwise one line naming the table, the study and the
 * difference.</li>
 * <li>The test studies are prepared first: one whose volume cannot be read or segmented stops the experiment with
 * one line naming it (the volume runs are evaluated on the whole test split, as the feature runs are).</li>
 * <li>A training study whose volume cannot be read or segmented is skipped, reported on the log and in
 * {@code preparation.csv}, and the runs go on without it.</li>
 * </ul>
 * The labels the models get are the cohort's, in the experiment's task order; the features are the study table's
 * (its extra columns and {@code data.volumes.features}), as {@code mtl:train} gives them.
 */
final class VolumeStudies {
    /** {@code preparation.csv} in the result folder: what became of every study's volume. */
    static final String PREPARATION = "preparation.csv";

    /**
     * The prepared studies.
     *
     * @param train the training studies that could be prepared, in the split's order
     * @param test every test study, in the test cohort's order
     * @param outcomes what became of every study (test first, then train)
     */
    record Prepared(List<LabelledStudy> train, List<LabelledStudy> test, List<StudyPreparation.Outcome> outcomes) {

        /** The studies left out of training, one line each ({@code id: problem}). */
        List<String> skipped() {
            List<String> out = new ArrayList<>();
            outcomes.stream().filter(o -> !o.ok()).forEach(o -> out.add(o.id() + " (" + o.role() + "): "
                    + o.problem()));
            return out;
        }
    }

    private VolumeStudies() {
    }

    /** The folder whose {@code prepared/} caches the prepared volumes of an experiment, beside its result folders. */
    static Path cache(ExperimentSpec spec, Path outputRoot) {
        return outputRoot.resolve(spec.name() + "-volumes");
    }

    /**
     * Reads the study table, checks it against the split and prepares the test, then the training studies.
     *
     * @param tasks the experiment's tasks (the labels' order)
     * @param threads the segmenter's worker threads
     * @param log one line per skipped study
     * @throws StageException one line naming the table or the study at fault
     */
    static Prepared prepare(ExperimentSpec.Volumes volumes, Cohort train, Cohort test, List<Task> tasks,
            AssessmentStages stages, Path cache, int threads, Progress progress, PrintStream log) {
        List<StudyTable.Entry> table = StudyTable.read(volumes.studies(), volumes.features());
        Map<String, StudyTable.Entry> byId = new HashMap<>();
        table.forEach(e -> byId.put(e.id(), e));
        List<StudyTable.Entry> testEntries = entries(volumes, test, "test", byId);
        List<StudyTable.Entry> trainEntries = entries(volumes, train, "train", byId);
        StudyPreparation preparation = new StudyPreparation(stages);

        // one test study at a time: the first that fails stops the experiment before more work is done (the
        // exception says why; the preparation's "skipped" line would say otherwise)
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        List<StudyPreparation.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < testEntries.size(); i++) {
            StudyPreparation.Outcome o = preparation.prepare(List.of(testEntries.get(i)), e -> "test",
                    volumes.prepare(), volumes.segmenter(), cache, threads, progress.sub(0.4 * i / testEntries.size(),
                            0.4 * (i + 1) / testEntries.size()), none).get(0);
            if (!o.ok()) {
                throw new StageException("study " + o.id() + " (test split)", o.problem() + " (the volume runs are "
                        + "evaluated on every test study: fix its volume in " + volumes.studies() + ")");
            }
            outcomes.add(o);
        }
        List<StudyPreparation.Outcome> trained = preparation.prepare(trainEntries, e -> "train", volumes.prepare(),
                volumes.segmenter(), cache, threads, progress.sub(0.4, 1), log);
        outcomes.addAll(trained);
        List<LabelledStudy> trainStudies = labelled(trained, train, tasks);
        if (trainStudies.isEmpty()) {
            throw new StageException(volumes.studies().toString(), "no training study is left: every one failed to "
                    + "read or segment" + (trained.isEmpty() ? "" : " (first: " + trained.get(0).id() + ": "
                            + trained.get(0).problem() + ")"));
        }
        return new Prepared(trainStudies, labelled(outcomes.subList(0, testEntries.size()), test, tasks), List.copyOf(
                outcomes));
    }

    /** The table's rows for the studies of {@code split}, in its order, with labels checked against the cohort. */
    private static List<StudyTable.Entry> entries(ExperimentSpec.Volumes volumes, Cohort split, String role,
            Map<String, StudyTable.Entry> byId) {
        String table = volumes.studies().toString();
        List<StudyTable.Entry> out = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            String id = split.cases().get(i).id();
            StudyTable.Entry e = byId.get(id);
            if (e == null) {
                throw new StageException(table, "no volume for study " + id + " of the " + role + " split (every "
                        + "study of the split needs a row)");
            }
            int[] given = e.labels();
            for (int k = 0; k < StudyTable.TASKS.size(); k++) {
                String task = StudyTable.TASKS.get(k).name();
                int cohort = split.cases().get(i).labels()[split.taskIndex(task)];
                if (given[k] != -1 && given[k] != cohort) {
                    throw new StageException(table + " line " + e.line(), "study " + id + ": " + task + " label "
                            + given[k] + " here, " + cohort + " in the cohort");
                }
            }
            out.add(e);
        }
        return out;
    }

    /** The prepared studies with the cohort's labels in the experiment's task order. */
    private static List<LabelledStudy> labelled(List<StudyPreparation.Outcome> outcomes, Cohort cohort,
            List<Task> tasks) {
        Map<String, int[]> labels = new HashMap<>();
        for (int i = 0; i < cohort.size(); i++) {
            int[] l = new int[tasks.size()];
            for (int k = 0; k < l.length; k++) {
                l[k] = cohort.cases().get(i).labels()[cohort.taskIndex(tasks.get(k).name())];
            }
            labels.put(cohort.cases().get(i).id(), l);
        }
        List<LabelledStudy> out = new ArrayList<>();
        for (StudyPreparation.Outcome o : outcomes) {
            if (o.ok()) {
                out.add(new LabelledStudy(o.study(), labels.get(o.id())));
            }
        }
        return out;
    }
}
