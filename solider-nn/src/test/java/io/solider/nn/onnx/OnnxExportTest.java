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

  @BeforeAll
  static void export() throws IOException {
    backbone = Backbone.fromCheckpoint(fixture().resolve("teacher_ckpt.pth"));
    model = OnnxExport.backbone(backbone, 256, 128);
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

  static long count(Onnx.GraphProto g, String opType) {
    return g.getNodeList().stream().filter(n -> n.getOpType().equals(opType)).count();
  }

  static double relativeError(INDArray ours, INDArray ref) {
    assertThat(ours.shape()).containsExactly(ref.shape());
    return ours.sub(ref).amaxNumber().doubleValue() / ref.amaxNumber().doubleValue();
  }
}
