package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training {@code covid-mtl} on real CT crops ({@link RealCt}: real voxels, <b>labels assigned by us</b> — a smoke
 * test of the machinery, not of diagnostic quality), 32³ network, 8 features, batch 2.
 */
class VolumeTrainingTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        assumeTrue(RealCt.available(), "shared data not found at " + RealCt.SHARED);
    }

    private static CovidMtlModel create(ModelSettings s) {
        return (CovidMtlModel) new CovidMtlFactory().create(s);
    }

    private static float[] params(CovidMtlModel m) {
        return m.graph().params().toFloatVector();
    }

    private static List<String> messages = new ArrayList<>();

    private static Progress recording() {
        return new Progress() {
            @Override
            public void setProgress(double fraction, String message) {
                synchronized (messages) {
                    messages.add(message);
                }
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
    }

    /**
     * An uninterrupted 3-epoch run against a run killed with SIGKILL in the middle of epoch 3 (in its own JVM,
     * after the checkpoint of epoch 2) and resumed here: the final parameters are bit-identical. A half-written
     * temporary checkpoint folder left beside the checkpoint is ignored.
     */
    @Test
    void killedAndResumedEqualsUninterrupted() throws Exception {
        Path a = tmp.resolve("a");
        long t0 = System.nanoTime();
        CovidMtlModel whole = create(RealCt.resumeRun(a, false));
        TrainingHistory h = whole.fit(RealCt.resumeTrain(), RealCt.resumeValidation(), Progress.none());
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("TIMING uninterrupted 3 epochs (4 studies, batch 2, 32^3, 1 validation): %.1f s%n",
                seconds);
        assertEquals(3, h.epochs().size());
        assertTrue(Files.isDirectory(a.resolve("epoch-0003")));
        float[] expected = params(whole);

        Path b = tmp.resolve("b");
        Path marker = tmp.resolve("killed-here");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dcovidmtl.shared=" + RealCt.SHARED, "-cp", cp, TrainingRun.class.getName(), b.toString(),
                marker.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(marker), "the child did not reach epoch 3: " + Files.readString(log));
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(Files.readString(log).contains("finished without being killed"));
        try (Stream<Path> s = Files.list(b)) {
            assertEquals(List.of("epoch-0002"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // a checkpoint write killed half way leaves a hidden temporary folder: it must be ignored
        Path stale = Files.createDirectories(b.resolve(".tmp-epoch-0003-123"));
        Files.writeString(stale.resolve(CheckpointStore.PARAMS), "half written");

        CovidMtlModel resumed = create(RealCt.resumeRun(b, true));
        TrainingHistory hr = resumed.fit(RealCt.resumeTrain(), RealCt.resumeValidation(), Progress.none());
        assertArrayEquals(expected, params(resumed), "resumed parameters differ from the uninterrupted run");
        assertEquals(3, hr.epochs().size());
        for (int e = 0; e < 3; e++) {
            assertEquals(h.epochs().get(e).trainLoss(), hr.epochs().get(e).trainLoss(), "train loss epoch " + (e + 1));
            assertEquals(h.epochs().get(e).validationLoss(), hr.epochs().get(e).validationLoss());
            assertArrayEquals(h.epochs().get(e).taskWeights(), hr.epochs().get(e).taskWeights());
        }
        assertFalse(Files.exists(stale), "stale temporary checkpoint removed by the next write");
        assertEquals("2", resumed.provenance().get("resumed-from-epoch"));
        // the trained model saves and loads like an imported one
        Path artifact = tmp.resolve("artifact");
        resumed.save(artifact);
        CovidMtlModel loaded = (CovidMtlModel) new CovidMtlFactory().load(artifact);
        assertArrayEquals(expected, params(loaded));
        // the training studies' feature scaling travels with it: raw features in, the same answer out
        assertTrue(Files.isRegularFile(artifact.resolve(FeatureScaler.FILE)));
        org.covidmtl.api.model.Study one = RealCt.studies(1).get(0).study();
        assertArrayEquals(resumed.predict(one).probabilities("severity"), loaded.predict(one).probabilities("severity"));
    }

    /** A study whose volume cannot be read and one with a NaN voxel are skipped with warnings; the run goes on. */
    @Test
    void corruptStudiesAreSkipped() {
        List<LabelledStudy> train = new ArrayList<>(RealCt.studies(1));
        LabelledStudy good = train.get(0);
        train.add(1, new LabelledStudy(new Study("corrupt-1", good.study().features(), Map.of(), () -> {
            throw new StageException("corrupt-1.nii.gz", "truncated gzip stream");
        }), new int[] {1, 1, 1}));
        Volume v = good.study().volume().open().ct();
        float[] nan = v.voxels().clone();
        nan[123] = Float.NaN;
        train.add(new LabelledStudy(new Study("nan-1", good.study().features(), Map.of(),
                () -> new StudyVolume(new Volume(v.geometry(), nan), null, false)), new int[] {0, -1, 2}));
        // a missing label (−1) is masked: the study still trains the other tasks
        train.add(new LabelledStudy(good.study(), new int[] {-1, 1, -1}));
        Map<String, String> p = RealCt.parameters(1);
        CovidMtlModel m = create(new ModelSettings(RealCt.TASKS, p, 3));
        TrainingHistory h = m.fit(train, List.of(), recording());
        assertEquals(1, h.epochs().size());
        assertTrue(Double.isFinite(h.epochs().get(0).trainLoss()));
        List<String> w = m.trainingWarnings();
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("corrupt-1: skipped (epoch 1): truncated gzip stream"), w.get(0));
        assertTrue(w.get(1).startsWith("nan-1: skipped (epoch 1): CT has a non-finite voxel (NaN)"), w.get(1));
        assertTrue(m.provenance().get("training-warnings").contains("corrupt-1"));

        List<LabelledStudy> none = List.of(train.get(1));
        StageException e = assertThrows(StageException.class,
                () -> create(new ModelSettings(RealCt.TASKS, p, 3)).fit(none, List.of(), Progress.none()));
        assertTrue(e.getMessage().startsWith("training set: no study could be used in epoch 1: 1 skipped (first"
                + " corrupt-1: truncated gzip stream)"), e.getMessage());
    }

    /**
     * A checkpoint write that fails (disk full while writing epoch 2, injected) keeps the checkpoint of epoch 1 and
     * stops with one line naming the folder; a checkpoints path that is a file and an earlier run's folder are
     * refused.
     */
    @Test
    void failedCheckpointKeepsThePreviousOne() throws IOException {
        Path dir = tmp.resolve("ck");
        Map<String, String> p = RealCt.parameters(2);
        p.put("checkpoints", dir.toString());
        List<LabelledStudy> train = RealCt.studies(1);
        CovidMtlModel m = create(new ModelSettings(RealCt.TASKS, p, 5));
        m.checkpointHook((epoch, file) -> {
            if (epoch == 2 && file.equals(CheckpointStore.MOMENTUM)) {
                throw new IOException("No space left on device");
            }
        });
        StageException e = assertThrows(StageException.class, () -> m.fit(train, List.of(), Progress.none()));
        assertEquals(dir + ": cannot write the checkpoint of epoch 2: No space left on device (epoch-0001 is kept)",
                e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("epoch-0001"), s.map(x -> x.getFileName().toString()).toList());
        }
        CheckpointStore.Content c = new CheckpointStore(dir, null).read(dir.resolve("epoch-0001"));
        assertEquals(1, c.epoch());
        assertTrue(c.params().length > 0 && c.momentum().length > 0);

        // a fresh run into a folder with checkpoints is refused
        StageException again = assertThrows(StageException.class,
                () -> create(new ModelSettings(RealCt.TASKS, p, 5)).fit(train, List.of(), Progress.none()));
        assertTrue(again.getMessage().startsWith(dir + ": holds the checkpoint epoch-0001 of an earlier run"),
                again.getMessage());

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        p.put("checkpoints", file.toString());
        StageException f = assertThrows(StageException.class,
                () -> create(new ModelSettings(RealCt.TASKS, p, 5)).fit(train, List.of(), Progress.none()));
        assertEquals(file + ": checkpoints folder is a file", f.getMessage());
    }

    /** Sanity: on a tiny set without augmentation the training loss falls over a few epochs. */
    @Test
    void lossDecreasesOnATinySet() {
        Map<String, String> p = RealCt.parameters(5);
        p.put("augment", "false");
        p.put("learning-rate", "0.01");
        p.put("dropout", "0");
        p.put("shift3d", "false");
        List<LabelledStudy> train = RealCt.studies(2);
        long t0 = System.nanoTime();
        TrainingHistory h = create(new ModelSettings(RealCt.TASKS, p, 11)).fit(train, List.of(), Progress.none());
        System.out.printf("TIMING 5 epochs on 2 studies (batch 2, 32^3, no augmentation): %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
        double first = h.epochs().get(0).trainLoss();
        double last = h.epochs().get(4).trainLoss();
        System.out.println("LOSS per epoch " + h.epochs().stream().map(x -> String.format("%.4f", x.trainLoss()))
                .toList());
        assertTrue(last < 0.7 * first, "loss " + first + " → " + last);
        assertEquals(0.01, h.epochs().get(0).learningRate(), 0);
        assertEquals(Math.max(5e-5, 0.005 * (1 + Math.cos(Math.PI * 4 / 5))), h.epochs().get(4).learningRate(), 1e-15);
    }

    /** A diverging loss stops with one line naming the epoch and iteration. */
    @Test
    void divergenceNamesTheEpoch() {
        Map<String, String> p = RealCt.parameters(1);
        float[] huge = new float[32 * 32 * 32];
        Arrays.fill(huge, 3e38f);
        Volume v = new Volume(org.covidmtl.api.volume.VolumeGeometry.axial(new int[] {32, 32, 32},
                new double[] {1, 1, 1}, new double[] {0, 0, 0}), huge);
        LabelledStudy s0 = RealCt.studies(1).get(0);
        List<LabelledStudy> train = List.of(new LabelledStudy(new Study("huge", s0.study().features(), Map.of(),
                () -> new StudyVolume(v, null, true)), new int[] {1, 0, 2}));
        // 3e38 everywhere no longer overflows the network by itself: with the stem's Kaiming fan_out initialisation
        // (std 0.034 instead of 0.27) its convolution stays finite and batch norm rescales it; the task weighting
        // drives the combined loss to infinity instead
        LossStrategy infinite = (tasks, seed) -> new TaskWeighting() {
            @Override
            public double[] next() {
                return new double[] {Double.POSITIVE_INFINITY, 1, 1};
            }

            @Override
            public double total(double[] l) {
                return Double.POSITIVE_INFINITY * l[0] + l[1] + l[2];
            }
        };
        StageException e = assertThrows(StageException.class,
                () -> create(new ModelSettings(RealCt.TASKS, p, 1, new ModelSettings.Loss("infinite", infinite)))
                        .fit(train, List.of(), Progress.none()));
        assertTrue(e.getMessage().startsWith("epoch 1: loss diverged at iteration 1 of 1"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
