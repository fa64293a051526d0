package org.covidmtl.models.volume.zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelDescriptor;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.model.WeightImport;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.ArtifactManifest;
import org.covidmtl.models.artifact.Artifacts;
import org.covidmtl.models.volume.TorchWeightImporter;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * One zoo entry of the volume networks ({@link Architecture}): its descriptor (version {@value #VERSION}, input
 * {@link ModelInput#VOLUME}), untrained models ({@link #create}, trained on studies with volumes as covid-mtl is:
 * {@link org.covidmtl.api.model.StudyTraining}), models from PyTorch {@code state_dict} tensors ({@link #importWeights}) and from artifacts ({@link #load}).
 * The DS components of {@code zoo.ds} register one factory per architecture.
 */
public class ZooFactory implements ModelFactory, WeightImport {

    /** Version of the zoo entries' definitions and artifact layout. */
    public static final String VERSION = "1.0.0";

    private final Architecture architecture;
    private final ModelDescriptor descriptor;

    public ZooFactory(Architecture architecture) {
        this.architecture = architecture;
        this.descriptor = new ModelDescriptor(architecture.zooName(), VERSION, EnumSet.of(ModelInput.VOLUME),
                architecture.multitask(), architecture.description());
    }

    public Architecture architecture() {
        return architecture;
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String weightFormat() {
        return "PyTorch state_dict of the reference " + architecture.zooName() + " module, one <key>.npy per tensor"
                + " (float32, C order)";
    }

    /** An untrained model; its tasks and parameters are checked now. */
    @Override
    public Model create(ModelSettings settings) {
        if (settings.loss() != null && !architecture.multitask()) {
            throw new StageException("loss " + settings.loss().name(), "model " + architecture.zooName()
                    + " is single-task and takes no loss strategy");
        }
        ZooSettings s = ZooSettings.of(architecture, settings);
        return new ZooModel(architecture, VERSION, s, settings.seed(), settings.loss());
    }

    /**
     * A trained model with the tensors of {@code weights} (vertex names = the reference module's state_dict keys).
     *
     * @throws ModelArtifactException naming the file and tensor for a missing, extra or mis-shaped tensor
     */
    @Override
    public Model importWeights(Path weights, ModelSettings settings) {
        ZooSettings s = ZooSettings.of(architecture, settings);
        if (!Files.isDirectory(weights)) {
            throw new ModelArtifactException(weights.toString(), Files.exists(weights)
                    ? "not a folder of PyTorch tensors (" + weightFormat() + ")" : "no such weights folder");
        }
        ComputationGraph graph = ZooGraphs.build(s.config());
        TorchWeightImporter.loadChecked(graph, weights);
        String sha = TorchWeightImporter.sha256(weights);
        Path abs = weights.toAbsolutePath().normalize();
        ModelSchema schema = new ModelSchema(architecture.zooName(), VERSION, s.tasks(), List.of(), List.of(),
                s.volumeSchema());
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("origin", "imported PyTorch weights");
        provenance.put("weights", abs.toString());
        provenance.put("weights-sha256", sha);
        provenance.put("weight-format", weightFormat());
        provenance.put("java", System.getProperty("java.version", "?"));
        return new ZooModel(architecture, VERSION, s, settings.seed(), graph, schema,
                "imported PyTorch weights from " + abs + " (sha256 of the concatenated tensor files " + sha + ")",
                Instant.now().toString(), provenance);
    }

    /**
     * A trained model from an artifact written by {@link Model#save}.
     *
     * @throws ModelArtifactException naming the file and the difference
     */
    @Override
    public Model load(Path artifact) {
        ArtifactManifest m = Artifacts.open(artifact, descriptor);
        String json = artifact.resolve(ArtifactManifest.FILE).toString();
        ModelSchema schema = m.schema();
        ZooSettings s;
        try {
            s = ZooSettings.of(architecture, new ModelSettings(schema.tasks(), m.parameters(), m.seed()));
        } catch (StageException e) {
            throw new ModelArtifactException(json, e.getMessage(), e);
        }
        VolumeSchema expected = s.volumeSchema();
        if (!expected.equals(schema.volume())) {
            throw new ModelArtifactException(json, "volume input " + schema.volume()
                    + " does not fit the parameters (" + expected + ")");
        }
        if (!schema.features().isEmpty() || !schema.attributes().isEmpty()) {
            throw new ModelArtifactException(json, architecture.zooName() + " reads the volume only, the artifact"
                    + " lists features or clinical attributes");
        }
        Path weights = artifact.resolve(ZooModel.WEIGHTS);
        if (!Files.isDirectory(weights)) {
            throw new ModelArtifactException(weights.toString(), "missing from the artifact");
        }
        ComputationGraph graph = ZooGraphs.build(s.config());
        TorchWeightImporter.loadChecked(graph, weights);
        return new ZooModel(architecture, VERSION, s, m.seed(), graph, schema, m.trainingData(), m.created(),
                m.provenance());
    }

}
