package io.solider.tasks.attribute.train;

import static io.solider.tasks.attribute.AttributeReference.doubles;
import static io.solider.tasks.attribute.AttributeReference.normwiseError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.io.Npy;
import io.solider.tasks.attribute.AttributeReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The attribute model against the release's own {@code FeatClassifier(SwinTransformer,
 * LinearClassifier)} (resources attribute/make_model_reference.py: Swin C=16, depths 1-1-2-1,
 * window 4, 7 attributes, input 2 × 3 × 64 × 32, λ 0.8): the release's {@code save_ckpt} file
 * loads and gives the release's logits; the files we write have exactly the keys, shapes and
 * dtypes of the release's {@code state_dict()}, buffers included, so its strict loading accepts them.
 */
class AttributeModelTest {

  static final JsonNode REF = AttributeReference.json("release_model/reference.json");

  @Test
  void releaseCheckpointLoadsAndGivesTheReleasesLogits() throws Exception {
    AttributeModel m = AttributeModel.load(AttributeReference.file("release_model/model.pth"));
    assertThat(m.head().attributes()).isEqualTo(7);
    assertThat(m.backbone().config().depths()).containsExactly(1, 1, 2, 1);
    INDArray x = Npy.read(AttributeReference.file("release_model/input.npy"));
    BackboneGraph g = m.backbone().graph(64, 32, BackboneMode.INFERENCE);
    float[] pooled = g.forward(x, SemanticWeights.constant(0.8, 2)).pooled().castTo(DataType.FLOAT).dup('c').data()
        .asFloat();
    float[] logits = m.head().forward(pooled, 2);
    // Measured normwise error 4.6e-7 (float32 through 5 Swin blocks).
    assertThat(normwiseError(logits, doubles(REF.get("logits")))).isLessThan(2e-6);
  }

  @Test
  void filesWeWriteHaveTheReleasesKeysShapesAndTypes(@TempDir Path dir) throws Exception {
    AttributeModel m = AttributeModel.load(AttributeReference.file("release_model/model.pth"));
    List<String> keys = new ArrayList<>();
    Map<String, String> expected = new LinkedHashMap<>();
    for (JsonNode e : REF.get("state_dict")) {
      keys.add(e.get("key").asText());
      List<Long> shape = new ArrayList<>();
      e.get("shape").forEach(s -> shape.add(s.asLong()));
      expected.put(e.get("key").asText(), shape + " " + e.get("dtype").asText());
    }
    // the release's keys (torch's strict load_state_dict compares key sets, not their order)
    assertThat(m.releaseStateDict().keySet()).containsExactlyInAnyOrderElementsOf(keys);

    Path plain = dir.resolve("model.pth");
    m.writeStateDict(plain);
    try (StateDict sd = Checkpoints.read(plain)) {
      assertThat(describe(sd.tensors())).isEqualTo(expected);
      long[] index = sd.tensors().get("backbone.stages.0.blocks.0.attn.w_msa.relative_position_index")
          .toINDArray(DataType.LONG).data().asLong();
      assertThat(index).containsExactly(longs(REF.get("relative_position_index")));
    }

    Path release = dir.resolve("model_best.pth");
    m.writeReleaseCheckpoint(release, 3, 0.75);
    try (StateDict sd = Checkpoints.read(release)) {
      Map<String, String> parallel = new LinkedHashMap<>();
      expected.forEach((k, v) -> parallel.put("state_dicts." + AttributeModel.DATA_PARALLEL + k, v));
      expected.forEach((k, v) -> parallel.put("state_dict_ema." + k, v));
      assertThat(describe(sd.tensors())).isEqualTo(parallel);
      assertThat(sd.values().keySet()).containsExactly("epoch", "metric");
      assertThat((String) sd.values().get("epoch")).matches("\\d{4}-\\d\\d-\\d\\d_\\d\\d:\\d\\d:\\d\\d in epoch 3");
      assertThat(((Number) sd.values().get("metric")).doubleValue()).isEqualTo(0.75);
    }
    for (Path p : List.of(plain, release)) {
      AttributeModel back = AttributeModel.load(p);
      m.stateDict().forEach((k, v) -> assertThat(back.stateDict().get(k).data().asFloat()).as(k)
          .containsExactly(v.data().asFloat()));
    }
  }

  @Test
  void anotherTasksModelIsRefusedByName(@TempDir Path dir) throws Exception {
    AttributeModel m = AttributeModel.load(AttributeReference.file("release_model/model.pth"));
    Map<String, Object> reid = new LinkedHashMap<>();
    m.backbone().parameters().forEach((k, v) -> reid.put("base." + k, v));
    reid.put("classifier.weight", m.head().stateDict().get(io.solider.tasks.attribute.head.AttributeHead.WEIGHT));
    Path file = dir.resolve("reid.pth");
    TorchCheckpointWriter.write(reid, file);
    assertThatThrownBy(() -> AttributeModel.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("not an attribute model checkpoint");
  }

  private static Map<String, String> describe(Map<String, TensorRef> tensors) {
    Map<String, String> m = new LinkedHashMap<>();
    tensors.forEach((k, t) -> {
      List<Long> shape = new ArrayList<>();
      for (long s : t.shape()) {
        shape.add(s);
      }
      m.put(k, shape + " " + t.dtype().name().toLowerCase(java.util.Locale.ROOT));
    });
    return m;
  }

  private static long[] longs(JsonNode n) {
    double[] d = doubles(n);
    long[] out = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (long) d[i];
    }
    return out;
  }
}
