package io.solider.nn.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The task-variant fixtures (fixtures/variants, made by make_variants.py with each task
 * repository's own Swin class on the tiny fixture's weights): what a case asks for and the
 * backbone it runs on.
 */
final class TaskVariantFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TaskVariantFixture() {}

  static Path dir() {
    return TinyFixture.dir().resolveSibling("variants");
  }

  static JsonNode manifest() {
    return read("manifest.json");
  }

  static JsonNode read(String file) {
    try {
      return JSON.readTree(dir().resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static INDArray array(String file) {
    try {
      return Npy.read(dir().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "whole", "upTo2" or "after2" as the manifest names them. */
  static StageRange range(String name) {
    return switch (name) {
      case "whole" -> StageRange.whole();
      case "upTo2" -> StageRange.upTo(2);
      case "after2" -> StageRange.after(2);
      default -> throw new IllegalArgumentException("unknown range " + name);
    };
  }

  static int[] ints(JsonNode array) {
    int[] v = new int[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).asInt();
    }
    return v;
  }

  static double[] doubles(JsonNode array) {
    double[] v = new double[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).asDouble();
    }
    return v;
  }

  /**
   * The tiny fixture backbone as the task builds it: with the task's strides, and without the
   * output norms the task lacks (detection's checkpoints have no norm0: the architecture is
   * inferred from the remaining tensors, as when loading one; {@code withConfig} dropping norm0
   * from the full set is checked in BackboneGraphTest).
   */
  static Backbone backbone(Backbone tiny, int[] strides, int[] outIndices) {
    Map<String, INDArray> params = new LinkedHashMap<>(tiny.parameters());
    List<Integer> outs = new ArrayList<>();
    for (int i : outIndices) {
      outs.add(i);
    }
    params.keySet().removeIf(k -> k.matches("norm\\d\\..*") && !outs.contains(k.charAt(4) - '0'));
    Backbone b = Backbone.fromTensors(params, "tiny fixture, norms " + outs);
    return b.withConfig(b.config().withStrides(strides));
  }
}
