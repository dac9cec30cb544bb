package io.solider.nn.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fine-tuned checkpoint of each task model, laid out as the task repository saves it
 * (fixtures/variants/task_keys.json: wrappers, prefixes and every non-backbone key of the whole
 * model, from the instantiated models where the repository can be imported), with the tiny
 * fixture's backbone tensors under every backbone prefix: the backbone loads from it with the
 * wrapper BACKBONE.md names, output norms included.
 */
class TaskCheckpointLayoutTest {

  @TempDir static Path dir;
  static Backbone tiny;
  static JsonNode layouts;

  @BeforeAll
  static void load() {
    tiny = TinyFixture.backbone();
    layouts = TaskVariantFixture.read("task_keys.json");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"attributes", "pose", "parsing", "detection", "search"})
  void theBackboneLoadsFromTheTasksFineTunedCheckpoint(String task) throws Exception {
    JsonNode layout = layouts.get(task);
    List<Integer> norms = new ArrayList<>();
    layout.get("backbone_norms").forEach(n -> {
      if (n.asText().endsWith(".weight")) {
        norms.add(n.asText().charAt(4) - '0');
      }
    });
    Path file = dir.resolve(task + ".pth");
    TorchCheckpointWriter.write(checkpoint(layout, norms), file);

    String wrapper = layout.get("loader_wrapper").isNull() ? null : layout.get("loader_wrapper").asText();
    Backbone b = wrapper == null ? Backbone.fromCheckpoint(file) : Backbone.fromCheckpoint(file, wrapper);
    assertThat(b.config().outIndices()).isEqualTo(norms);
    assertThat(b.config().dims()).isEqualTo(tiny.config().dims());
    b.parameters().forEach((k, v) -> assertThat(v).as(k).isEqualTo(tiny.parameters().get(k)));
    if ("attributes".equals(task)) {
      // The release's attribute file also holds the model under 'state_dicts' (DataParallel keys),
      // which the default reader recognises: the same weights without naming a wrapper.
      Backbone plain = Backbone.fromCheckpoint(file);
      plain.parameters().forEach((k, v) -> assertThat(v).as(k).isEqualTo(tiny.parameters().get(k)));
    } else if (wrapper != null) {
      assertThatThrownBy(() -> Backbone.fromCheckpoint(file)).as("without the wrapper")
          .hasMessageContaining(file.toString());
    }
  }

  @org.junit.jupiter.api.Test
  void personSearchsReidHeadCopyLoadsFromItsOwnPrefix() throws Exception {
    JsonNode layout = layouts.get("search");
    Path file = dir.resolve("search_reid.pth");
    Map<String, Object> state = checkpoint(layout, List.of(0, 1, 2, 3));
    // Make the re-id head's copy differ from the trunk's.
    @SuppressWarnings("unchecked")
    Map<String, Object> model = (Map<String, Object>) state.get("model");
    model.put("roi_heads.reid_head.swin.norm3.weight", Nd4j.valueArrayOf(new long[] {128}, 7f));
    TorchCheckpointWriter.write(state, file);
    Backbone reid = Backbone.fromCheckpoint(file, "model.roi_heads.reid_head.swin");
    Backbone trunk = Backbone.fromCheckpoint(file, "model.backbone.swin");
    assertThat(reid.parameters().get("norm3.weight").getFloat(0)).isEqualTo(7f);
    assertThat(trunk.parameters().get("norm3.weight")).isEqualTo(tiny.parameters().get("norm3.weight"));
  }

  /** The nested checkpoint map: backbone tensors under each prefix, a one-element tensor for every other key. */
  private static Map<String, Object> checkpoint(JsonNode layout, List<Integer> norms) {
    Map<String, Object> state = new LinkedHashMap<>();
    layout.get("saved_as").fields().forEachRemaining(e -> state.put(e.getKey(), switch (e.getValue().asText()) {
      case "dict" -> new LinkedHashMap<String, Object>();
      case "int" -> 3;
      case "float" -> 0.5;
      default -> "text";
    }));
    for (JsonNode p : layout.get("backbone_prefixes")) {
      for (Map.Entry<String, INDArray> e : tiny.parameters().entrySet()) {
        String k = e.getKey();
        if (!k.matches("norm\\d\\..*") || norms.contains(k.charAt(4) - '0')) {
          put(state, p.asText() + k, e.getValue());
        }
      }
    }
    for (JsonNode k : layout.get("other_keys")) {
      put(state, k.asText(), Nd4j.zeros(1));
    }
    return state;
  }

  /** Puts {@code wrapper.rest} into the wrapper's flat state dict. */
  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> state, String key, INDArray value) {
    int dot = key.indexOf('.');
    ((Map<String, Object>) state.get(key.substring(0, dot))).put(key.substring(dot + 1), value);
  }
}
