package org.covidmtl.cohort.command;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.cohort.CohortLoader;
import org.covidmtl.cohort.CohortSources;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.cohort.Scaling;
import org.osgi.service.component.annotations.Component;

/** {@code mtl:cohort <data-folder> [scaling]}: loads and validates the cohort files, prints what they hold. */
@Component(service = CohortCommand.class)
@GogoCommand(scope = "mtl", function = { "cohort" })
public class CohortCommand {

    @Descriptor("loads and validates cohort.csv, radiomics.csv and the seed-11 split of a data folder, prints a summary")
    public void cohort(@Descriptor("folder with cohort.csv, radiomics.csv, split-seed11-*.txt") String folder) {
        cohort(folder, Scaling.TRAIN.label());
    }

    @Descriptor("as above, scaling the features as given")
    public void cohort(@Descriptor("folder with cohort.csv, radiomics.csv, split-seed11-*.txt") String folder,
            @Descriptor("train-only | reference-scaling | none") String scaling) {
        CohortSplit split = CohortLoader.loadSplit(CohortSources.paper(Path.of(folder)), Scaling.parse(scaling),
                Progress.none());
        System.out.print(summary(split));
    }

    /** The text the command prints. */
    public static String summary(CohortSplit split) {
        StringBuilder b = new StringBuilder();
        Cohort c = split.full();
        b.append(String.format(Locale.ROOT, "%d studies, %d features; train %d, test %d; scaling %s%n", c.size(), c
                .featureNames().size(), split.train().size(), split.test().size(), split.scaling().label()));
        for (int t = 0; t < c.tasks().size(); t++) {
            Task task = c.tasks().get(t);
            int[] counts = new int[task.classes()];
            for (int y : c.labels(t)) {
                if (y >= 0) {
                    counts[y]++;
                }
            }
            b.append(String.format(Locale.ROOT, "  %-10s classes %s%n", task.name(), Arrays.toString(counts)));
        }
        return b.toString();
    }
}
