package io.solider.nn.onnx;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.PatchEmbedding;
import io.solider.nn.exec.BufferPool;
import io.solider.nn.exec.GraphTrace;
import io.solider.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ONNX export of our SameDiff inference graphs, in pure Java: the graph is run once at batch 1
 * to learn the order and shapes of its ops ({@link GraphTrace}), then each op is written as ONNX
 * nodes ({@link SameDiffToOnnx}) on ONNX's protobuf schema. Opset {@value #OPSET} (IR version
 * {@value #IR_VERSION}): the first opset with {@code LayerNormalization}, run by ONNX Runtime
 * 1.14 and later, TensorRT 8.6, OpenVINO 2023 and every current converter. The batch axis of
 * every input and output is the symbolic dimension {@code batch}.
 */
public final class OnnxExport {

  public static final int OPSET = 17;
  public static final long IR_VERSION = 8;

  private OnnxExport() {}

  /**
   * Converts {@code outputs} of an inference graph.
   *
   * @param inputs placeholder name → shape, −1 for the batch axis
   * @param outputs output name → shape, −1 for the batch axis
   */
  public static Onnx.ModelProto convert(SameDiff sd, Map<String, long[]> inputs, Map<String, long[]> outputs,
      String name, String doc) {
    Map<String, INDArray> probe = new HashMap<>();
    inputs.forEach((k, shape) -> {
      long[] s = shape.clone();
      for (int i = 0; i < s.length; i++) {
        s[i] = s[i] < 0 ? 1 : s[i];
      }
      probe.put(k, Nd4j.rand(DataType.FLOAT, s));
    });
    GraphTrace trace = GraphTrace.of(sd, probe, outputs.keySet());
    // The trace's intermediates went to this thread's buffer pool; an exporting process rarely
    // runs SameDiff again, so give that memory back now.
    BufferPool.current().clear();
    OnnxGraph g = new OnnxGraph(name);
    inputs.forEach(g::input);
    new SameDiffToOnnx(sd, trace, g, outputs.keySet()).convert();
    outputs.forEach(g::output);
    probe.values().forEach(INDArray::close);
    return g.model(OPSET, "0.1.0", doc);
  }

  /** The backbone with all its outputs: {@code backbone(backbone, height, width, OnnxOutputs.ALL)}. */
  public static Onnx.ModelProto backbone(Backbone backbone, int height, int width) {
    return backbone(backbone, height, width, OnnxOutputs.ALL);
  }

  /**
   * The backbone for {@code height × width} inputs: inputs {@value SwinBackbone#INPUT} (B, 3, H, W)
   * and {@value SwinBackbone#SEMANTIC_WEIGHT} (B, 2); output {@value SwinBackbone#POOLED} (B, 8C)
   * and, with {@link OnnxOutputs#ALL}, {@code stage0..stage3} (B, C_i, H_i, W_i). Only the ops the
   * chosen outputs need are written.
   */
  public static Onnx.ModelProto backbone(Backbone backbone, int height, int width, OnnxOutputs outputs) {
    BackboneGraph graph = backbone.graph(height, width, BackboneMode.INFERENCE);
    SwinConfig cfg = backbone.config();
    Map<String, long[]> in = new LinkedHashMap<>();
    in.put(SwinBackbone.INPUT, new long[] {-1, cfg.inChannels(), height, width});
    in.put(SwinBackbone.SEMANTIC_WEIGHT, new long[] {-1, 2});
    Map<String, long[]> out = new LinkedHashMap<>();
    out.put(SwinBackbone.POOLED, new long[] {-1, cfg.pooledDim()});
    Grid grid = PatchEmbedding.outputGrid(height, width, cfg.patchSize());
    for (int s = 0; outputs == OnnxOutputs.ALL && s < SwinConfig.NUM_STAGES; s++) {
      out.put(SwinBackbone.stageOutput(s), new long[] {-1, cfg.channels(s), grid.h(), grid.w()});
      grid = grid.merged();
    }
    String doc = "SOLIDER Swin backbone (" + Backbone.describe(cfg) + ") for " + height + "x" + width
        + " inputs; semantic_weight rows are [lambda, 1 - lambda]; outputs: " + String.join(", ", out.keySet());
    return convert(graph.sameDiff(), in, out, "solider_backbone", doc);
  }

  /**
   * Writes {@code model} to {@code file} through {@link AtomicFiles#write}: atomically for a regular
   * file, straight through for a device or pipe.
   */
  public static void write(Onnx.ModelProto model, Path file) throws IOException {
    AtomicFiles.write(file, model::writeTo);
  }
}
