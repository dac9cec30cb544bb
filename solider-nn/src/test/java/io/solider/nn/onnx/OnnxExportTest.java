package io.solider.nn.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.BackboneOutputs;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.io.Npy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ONNX export of the release's tiny fixture (C=16, depths 2-2-2-2, 256×128), run by ONNX
 * Runtime, equals our SameDiff graph at every λ of the fixture, at any batch size.
 */
class OnnxExportTest {

  /**
   * max|ORT − SameDiff| / max|SameDiff| per output; measured 1.6e-7 to 2.3e-7 (pooled) and up to
   * 6.7e-7 (stage3): ONNX Runtime's fused LayerNorm and GELU kernels round differently.
   */
  static final double ENGINE_TOLERANCE = 1e-5;
  static final List<String> TAGS = List.of("w0.0", "w0.5", "w1.0", "mixed");

  static Backbone backbone;
  static Onnx.ModelProto model;
  static Onnx.ModelProto pooledModel;

  @BeforeAll
  static void export() throws IOException {
    backbone = Backbone.fromCheckpoint(fixture().resolve("teacher_ckpt.pth"));
    model = OnnxExport.backbone(backbone, 256, 128);
    pooledModel = OnnxExport.backbone(backbone, 256, 128, OnnxOutputs.POOLED);
  }

  @Test
  void onnxRuntimeEqualsSameDiffAtEveryLambda() throws IOException {
    INDArray x = Npy.read(fixture().resolve("input.npy"));
    BackboneGraph graph = backbone.graph(256, 128, BackboneMode.INFERENCE);
    try (OnnxRuntimeBackbone ort = OnnxRuntimeBackbone.open(model.toByteArray(), 3, 256, 128)) {
      for (String tag : TAGS) {
        INDArray sw = Npy.read(fixture().resolve("sw_" + tag + ".npy"));
        BackboneOutputs ref = graph.forward(x, sw);
        BackboneOutputs ours = ort.forward(x, sw);
        assertThat(relativeError(ours.pooled(), ref.pooled())).as(tag + " pooled").isLessThan(ENGINE_TOLERANCE);
        for (int s = 0; s < SwinConfig.NUM_STAGES; s++) {
          assertThat(relativeError(ours.stage(s), ref.stage(s))).as(tag + " stage" + s).isLessThan(ENGINE_TOLERANCE);
        }
        // And the release's own numbers, at the parity tests' tolerance.
        INDArray release = Npy.read(fixture().resolve("out_" + tag + "_pooled.npy"));
        assertThat(relativeError(ours.pooled(), release)).as(tag + " vs release").isLessThan(1e-4);
        // The pooled-only calls (the engines skip the stage maps) give the same features.
        assertThat(relativeError(ort.pooled(x, sw), ours.pooled())).as(tag + " ORT pooled only").isLessThan(1e-7);
        assertThat(relativeError(graph.pooled(x, sw), ref.pooled())).as(tag + " SameDiff pooled only")
            .isLessThan(1e-7);
      }
    }
  }

  /**
   * The pooled-only export: one output and none of the stage-map nodes, the same features as
   * SameDiff at every λ. Its nodes up to {@code pooled} are the full model's, so its error is the
   * full model's pooled error (1.6e-7 to 2.3e-7 measured; Gather and merged reshapes move the same
   * numbers as the slices and reshape pairs they replace).
   */
  @Test
  void thePooledOnlyExportHasNoStageMapNodesAndTheSameFeatures() throws IOException {
    Onnx.GraphProto g = pooledModel.getGraph();
    assertThat(g.getOutputList().stream().map(Onnx.ValueInfoProto::getName)).containsExactly("pooled");
    // The full model's 24 minus the output norms of stages 0-2 (norm3 also feeds the pooling).
    assertThat(count(g, "LayerNormalization")).isEqualTo(21);
    assertThat(g.getInitializerList().stream().map(Onnx.TensorProto::getName)).doesNotContain("norm0.weight");
    INDArray x = Npy.read(fixture().resolve("input.npy"));
    BackboneGraph graph = backbone.graph(256, 128, BackboneMode.INFERENCE);
    try (OnnxRuntimeBackbone ort = OnnxRuntimeBackbone.open(pooledModel.toByteArray(), 3, 256, 128)) {
      for (String tag : TAGS) {
        INDArray sw = Npy.read(fixture().resolve("sw_" + tag + ".npy"));
        assertThat(relativeError(ort.pooled(x, sw), graph.pooled(x, sw))).as(tag).isLessThan(ENGINE_TOLERANCE);
      }
      assertThatThrownBy(() -> ort.forward(x, SemanticWeights.constant(0.5, 2)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--outputs all");
    }
  }

  /** Opened on a backbone, the runner exports the pooled-only model for pooled() and the full one for forward(). */
  @Test
  void aRunnerOnABackboneUsesThePooledOnlyModelForPooledCalls() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 256, 128);
    INDArray sw = SemanticWeights.constant(0.2, 1);
    try (OnnxRuntimeBackbone ort = OnnxRuntimeBackbone.open(backbone, 256, 128)) {
      INDArray pooled = ort.pooled(x, sw);
      assertThat(ort.sessionOutputs()).containsExactly(List.of("pooled"));
      assertThat(relativeError(ort.forward(x, sw).pooled(), pooled)).isLessThan(1e-6);
      assertThat(ort.sessionOutputs()).hasSize(2);
    }
  }

  /**
   * Layout nodes per Swin block as written. Before the shorter forms (reshape chains as one
   * Reshape, the q/k/v parts as Gather) a block had 13 Reshape (15 when shifted), 5 Transpose,
   * no Gather and 3 more Slice; the PyTorch export of the same block has 8 (10) Reshape and 4
   * Transpose after ONNX Runtime's fusions (our k transpose is fused into the attention MatMul).
   */
  @Test
  void eachBlockHasTheShortLayoutForm() {
    Map<String, Map<String, Integer>> blocks = perBlockCounts(pooledModel.getGraph());
    assertThat(blocks).hasSize(8);
    blocks.forEach((block, c) -> {
      boolean shifted = block.endsWith(".1");
      // The patch merging after stages 0-2 (Reshape, Transpose, Reshape before its norm) is
      // counted with the stage's last block.
      int merge = shifted && !block.startsWith("3.") ? 1 : 0;
      assertThat(c.getOrDefault("Reshape", 0)).as(block + " Reshape").isEqualTo((shifted ? 10 : 8) + 2 * merge);
      assertThat(c.getOrDefault("Transpose", 0)).as(block + " Transpose").isEqualTo(5 + merge);
      assertThat(c.getOrDefault("Gather", 0)).as(block + " Gather").isEqualTo(3);
      assertThat(c.getOrDefault("Slice", 0)).as(block + " Slice").isEqualTo(shifted ? 10 : 2);
    });
  }

  /**
   * After ONNX Runtime's own graph optimisations (its optimised model written to a file), the
   * pooled-only fixture model keeps this many layout nodes per pass: 90 Reshape and 36 Transpose
   * for 8 blocks (Swin-T, 12 blocks: 186 and 80 before this export's shorter forms and the
   * pooled-only model, 116 and 58 for the PyTorch export; see docs/PERFORMANCE.md).
   */
  @Test
  void onnxRuntimeKeepsFewLayoutNodes(@TempDir Path dir) throws Exception {
    Path optimised = dir.resolve("optimised.onnx");
    ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
    try (ai.onnxruntime.OrtSession.SessionOptions so = OnnxRuntimeBackbone.sessionOptions()) {
      so.setOptimizedModelFilePath(optimised.toString());
      env.createSession(pooledModel.toByteArray(), so).close();
    }
    Onnx.GraphProto g = Onnx.ModelProto.parseFrom(Files.readAllBytes(optimised)).getGraph();
    assertThat(List.of(count(g, "Reshape"), count(g, "Transpose"))).containsExactly(90L, 36L);
    // Token Linear layers stay 3-D MatMuls (ONNX Runtime makes a 2-D MatMul and its bias a Gemm,
    // slower on two threads), and each MLP's fc1 bias fuses into its GELU: the Gemms left are the
    // patch embedding and the semantic weight's six small embedding layers.
    assertThat(List.of(count(g, "Gemm") + count(g, "FusedGemm"), count(g, "BiasGelu"))).containsExactly(7L, 8L);
  }

  @Test
  void theBatchAxisIsFree() throws IOException {
    INDArray x2 = Npy.read(fixture().resolve("input.npy"));
    INDArray x3 = Nd4j.concat(0, x2, x2.get(NDArrayIndex.interval(0, 1)));
    try (OnnxRuntimeBackbone ort = OnnxRuntimeBackbone.open(model.toByteArray(), 3, 256, 128)) {
      INDArray three = ort.forward(x3, SemanticWeights.constant(0.3, 3)).pooled();
      INDArray one = ort.forward(x2.get(NDArrayIndex.interval(0, 1)).dup(), SemanticWeights.constant(0.3, 1)).pooled();
      assertThat(three.shape()).containsExactly(3, 128);
      assertThat(relativeError(one, three.get(NDArrayIndex.interval(2, 3)))).isLessThan(ENGINE_TOLERANCE);
    }
  }

  @Test
  void namesShapesAndFusedNodesAreAsDocumented(@TempDir Path dir) throws IOException {
    assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(OnnxExport.OPSET);
    Onnx.GraphProto g = model.getGraph();
    assertThat(g.getInputList().stream().map(Onnx.ValueInfoProto::getName)).containsExactly("input", "semantic_weight");
    assertThat(g.getOutputList().stream().map(Onnx.ValueInfoProto::getName))
        .containsExactly("pooled", "stage0", "stage1", "stage2", "stage3");
    Onnx.TensorShapeProto in = g.getInput(0).getType().getTensorType().getShape();
    assertThat(in.getDim(0).getDimParam()).isEqualTo("batch");
    assertThat(List.of(in.getDim(1).getDimValue(), in.getDim(2).getDimValue(), in.getDim(3).getDimValue()))
        .containsExactly(3L, 256L, 128L);
    Onnx.TensorShapeProto s3 = g.getOutput(4).getType().getTensorType().getShape();
    assertThat(List.of(s3.getDim(1).getDimValue(), s3.getDim(2).getDimValue(), s3.getDim(3).getDimValue()))
        .containsExactly(128L, 8L, 4L);
    // 8 blocks × 2 norms + patch embedding + 3 patch mergings + 4 stage outputs.
    assertThat(count(g, "LayerNormalization")).isEqualTo(24);
    assertThat(count(g, "Erf")).isEqualTo(8);
    assertThat(count(g, "ReduceMean")).isEqualTo(1); // only the pooling is left
    assertThat(g.getInitializerList().stream().map(Onnx.TensorProto::getName))
        .contains("patch_embed.projection.bias", "stages.2.blocks.1.attn.w_msa.relative_position_bias_table");
    Path file = dir.resolve("model.onnx");
    OnnxExport.write(model, file);
    assertThat(Files.size(file)).isEqualTo(model.getSerializedSize());
  }

  @Test
  void anOpWithoutMappingIsNamed() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
    sd.math().cosh(x).rename("y");
    assertThatThrownBy(() -> OnnxExport.convert(sd, Map.of("x", new long[] {-1, 4}), Map.of("y", new long[] {-1, 4}),
        "t", "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cosh");
  }

  static Path fixture() {
    try {
      return Path.of(OnnxExportTest.class.getResource("/fixtures/tiny").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Op counts per Swin block ("s.b"), in the written node order: a block runs from its norm1
   * LayerNormalization to the next LayerNormalization that is not its norm2.
   */
  static Map<String, Map<String, Integer>> perBlockCounts(Onnx.GraphProto g) {
    Map<String, Map<String, Integer>> blocks = new java.util.LinkedHashMap<>();
    java.util.regex.Pattern norm1 = java.util.regex.Pattern.compile("stages\\.(\\d+)\\.blocks\\.(\\d+)\\.norm1\\.weight");
    String current = null;
    for (Onnx.NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("LayerNormalization")) {
        java.util.regex.Matcher m = norm1.matcher(n.getInput(1));
        if (m.matches()) {
          current = m.group(1) + "." + m.group(2);
        } else if (!n.getInput(1).endsWith("norm2.weight")) {
          current = null;
        }
      }
      if (current != null) {
        blocks.computeIfAbsent(current, k -> new java.util.TreeMap<>()).merge(n.getOpType(), 1, Integer::sum);
      }
    }
    return blocks;
  }

  static long count(Onnx.GraphProto g, String opType) {
    return g.getNodeList().stream().filter(n -> n.getOpType().equals(opType)).count();
  }

  static double relativeError(INDArray ours, INDArray ref) {
    assertThat(ours.shape()).containsExactly(ref.shape());
    return ours.sub(ref).amaxNumber().doubleValue() / ref.amaxNumber().doubleValue();
  }
}
