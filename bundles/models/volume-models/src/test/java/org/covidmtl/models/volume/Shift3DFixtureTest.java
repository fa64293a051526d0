package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Every case of {@code parity/shift3d/} (manifest's Shift3D case table): the forced random calls are replayed
 * (ranges checked), the drawn plan must equal {@code caseX_choices}, the rolled output must equal
 * {@code caseX_roll} exactly, and the padded output {@code caseX_pad_minus1} exactly, except on the channels the
 * reference corrupts (padding with k = 0 and direction −1 fills the whole channel): there the fixed layer
 * leaves the channel unchanged.
 */
class Shift3DFixtureTest {

    private static final Path DIR = Fixtures.PARITY.resolve("shift3d");

    static List<JsonNode> cases() throws IOException {
        JsonNode m = new ObjectMapper().readTree(Fixtures.PARITY.resolve("manifest.json").toFile());
        List<JsonNode> l = new ArrayList<>();
        m.get("shift3d_cases").forEach(c -> {
            if (c.has("channels")) { // the others are notes ("not_selected", "shift_chance_1.0": Shift3DSamplerTest)
                l.add(c);
            }
        });
        assertEquals(4, l.size());
        return l;
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("cases")
    void caseMatchesFixture(JsonNode c) {
        String name = c.get("name").asText();
        double pct = c.get("max_shift_percentage").asDouble();
        INDArray x = Fixtures.read(DIR.resolve("input.npy"), DataType.FLOAT);
        List<ScriptedRandom.Call> script = new ArrayList<>();
        JsonNode gate = c.get("sample_gate_call");
        script.add(new ScriptedRandom.Call(gate.get(0).asInt(), gate.get(1).asInt(), gate.get(2).asInt()));
        for (JsonNode ch : c.get("channels")) {
            for (JsonNode call : ch.get("randint_calls")) {
                script.add(new ScriptedRandom.Call(call.get(0).asInt(), call.get(1).asInt(), call.get(2).asInt()));
            }
        }
        Shift3DConfig config = Shift3DConfig.REFERENCE.withMaxShiftFraction(pct);
        ScriptedRandom random = new ScriptedRandom(script);
        List<ChannelShift> plan = new Shift3DSampler(config, random).draw(x.shape());
        assertEquals(script.size(), random.used(), name + ": random calls");

        INDArray choices = Fixtures.read(DIR.resolve(name + "_choices.npy"), DataType.FLOAT);
        assertEquals(choices.size(0), plan.size());
        for (ChannelShift s : plan) {
            assertEquals(choices.getInt(s.channel(), 0), s.axis(), name + " ch" + s.channel() + " axis");
            assertEquals(choices.getInt(s.channel(), 1), s.shift(), name + " ch" + s.channel() + " shift");
            assertEquals(choices.getInt(s.channel(), 2), s.direction(), name + " ch" + s.channel() + " direction");
        }

        INDArray rolled = x.dup();
        Shift3DOp.apply(x, rolled, plan, false, 0);
        assertEquals(Fixtures.read(DIR.resolve(name + "_roll.npy"), DataType.FLOAT), rolled, name + " roll");

        INDArray padded = x.dup();
        Shift3DOp.apply(x, padded, plan, true, -1);
        INDArray expected = Fixtures.read(DIR.resolve(name + "_pad_minus1.npy"), DataType.FLOAT);
        for (ChannelShift s : plan) {
            INDArray ours = channel(padded, s.channel());
            INDArray ref = channel(expected, s.channel());
            if (s.shift() == 0 && s.direction() < 0) { // the reference's defect: whole channel = pad value
                assertTrue(ref.eq(-1).all(), name + " ch" + s.channel() + ": fixture shows the reference defect");
                assertEquals(channel(x, s.channel()), ours, name + " ch" + s.channel() + ": fixed, unchanged");
            } else {
                assertEquals(ref, ours, name + " ch" + s.channel() + " padded");
            }
        }
    }

    private static INDArray channel(INDArray a, int c) {
        return a.get(NDArrayIndex.point(0), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
    }
}
