package org.covidmtl.models.volume;

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
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The {@code covid-mtl} entry of the model zoo: COVID-MTL's VOLUME_RADIO network (SqueezeNet3D with Shift3D on
 * the lungs-only CT, an FNN on the radiomic features, three task heads) on DL4J. Parameters: see
 * {@link CovidMtlSettings}. Tasks: the paper's three, in order ({@code covid-ct}, {@code covid-nat},
 * {@code severity}).
 * <p>
 * A created model trains on studies with volumes through {@link org.covidmtl.api.model.StudyTraining} ({@link
 * Model#fit} on a feature table refuses); a trained model also comes from PyTorch weights ({@link #importWeights})
 * or from an artifact ({@link #load}).
 */
public class CovidMtlFactory implements ModelFactory, WeightImport {

    public static final String NAME = "covid-mtl";
    public static final String VERSION = "1.0.0";
    public static final String DESCRIPTION = "COVID-MTL (VOLUME_RADIO): SqueezeNet3D with Shift3D on the lungs-only"
            + " CT plus an FNN on 375 radiomic features, one head per task (covid-ct, covid-nat, severity); DL4J;"
            + " imports PyTorch weights";

    private static final ModelDescriptor DESCRIPTOR = new ModelDescriptor(NAME, VERSION,
            EnumSet.of(ModelInput.VOLUME, ModelInput.FEATURES), true, DESCRIPTION);

    @Override
    public ModelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public String weightFormat() {
        return "PyTorch state_dict of COVIDMTL(DataType.VOLUME_RADIO), one <key>.npy per tensor (float32, C order)";
    }

    /** An untrained model (a {@link org.covidmtl.api.model.StudyTraining}); its settings are checked now. */
    @Override
    public Model create(ModelSettings settings) {
        CovidMtlSettings s = CovidMtlSettings.of(settings);
        s.featureNames();
        return new CovidMtlModel(s, settings.seed(), settings.loss());
    }

    /**
     * A trained model with the tensors of {@code weights}; its features are those of the {@code feature-names}
     * parameter or {@code radio_0 … radio_<n−1>}, its volume input {@link VolumeSchema#paper} at the parameters'
     * depth and size.
     *
     * @throws ModelArtifactException naming the file and tensor for a missing, extra or mis-shaped tensor
     * @throws StageException for invalid settings
     */
    @Override
    public Model importWeights(Path weights, ModelSettings settings) {
        CovidMtlSettings s = CovidMtlSettings.of(settings);
        List<String> features = s.featureNames();
        if (!Files.isDirectory(weights)) {
            throw new ModelArtifactException(weights.toString(), Files.exists(weights)
                    ? "not a folder of PyTorch tensors (" + weightFormat() + ")" : "no such weights folder");
        }
        ComputationGraph graph = VolumeRadioGraph.build(s.config());
        TorchWeightImporter.loadChecked(graph, weights);
        String sha = TorchWeightImporter.sha256(weights);
        Path abs = weights.toAbsolutePath().normalize();
        ModelSchema schema = new ModelSchema(NAME, VERSION, settings.tasks(), features, List.of(), s.volumeSchema());
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("origin", "imported PyTorch weights");
        provenance.put("weights", abs.toString());
        provenance.put("weights-sha256", sha);
        provenance.put("weight-format", weightFormat());
        provenance.put("java", System.getProperty("java.version", "?"));
        provenance.put("framework", "DL4J/ND4J " + implementationVersion(ComputationGraph.class));
        return new CovidMtlModel(s, settings.seed(), settings.loss() == null ? null : settings.loss().name(), graph,
                schema, "imported PyTorch weights from " + abs + " (sha256 of the concatenated tensor files " + sha
                        + ")",
                Instant.now().toString(), provenance);
    }

    /**
     * A trained model from an artifact written by {@link Model#save}: the manifest is checked against this
     * factory, the graph rebuilt from its parameters and the tensors of {@code weights/} imported.
     *
     * @throws ModelArtifactException naming the file and the difference
     */
    @Override
    public Model load(Path artifact) {
        ArtifactManifest m = Artifacts.open(artifact, DESCRIPTOR);
        String json = artifact.resolve(ArtifactManifest.FILE).toString();
        ModelSchema schema = m.schema();
        CovidMtlSettings s;
        try {
            s = CovidMtlSettings.of(new ModelSettings(schema.tasks(), m.parameters(), m.seed()));
        } catch (StageException e) {
            throw new ModelArtifactException(json, e.getMessage(), e);
        }
        VolumeSchema expected = s.volumeSchema();
        if (!expected.equals(schema.volume())) {
            throw new ModelArtifactException(json, "volume input " + describe(schema.volume())
                    + " does not fit the parameters (" + describe(expected) + ")");
        }
        if (schema.features().size() != s.config().radioFeatures()) {
            throw new ModelArtifactException(json, schema.features().size() + " features, the parameters say "
                    + s.config().radioFeatures() + " (" + CovidMtlSettings.RADIO_FEATURES + ")");
        }
        if (!schema.attributes().isEmpty()) {
            throw new ModelArtifactException(json, "clinical attributes " + schema.attributes() + ": "
                    + NAME + " reads none");
        }
        Path weights = artifact.resolve(CovidMtlModel.WEIGHTS);
        if (!Files.isDirectory(weights)) {
            throw new ModelArtifactException(weights.toString(), "missing from the artifact");
        }
        ComputationGraph graph = VolumeRadioGraph.build(s.config());
        TorchWeightImporter.loadChecked(graph, weights);
        return new CovidMtlModel(s, m.seed(), m.loss(), graph, schema, m.trainingData(), m.created(),
                m.provenance()).withScaler(FeatureScaler.read(artifact, schema.features()));
    }


    private static String describe(VolumeSchema v) {
        return v == null ? "none" : v.toString();
    }

    private static String implementationVersion(Class<?> c) {
        Package p = c.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "(version unknown)" : v;
    }
}
