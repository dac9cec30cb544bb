package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.io.Npy;
import io.solider.nn.onnx.OnnxRuntimeBackbone;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

/** The extract and export commands end to end: outputs, exit codes and one-line reasons. */
class ExtractCommandTest {

  @TempDir static Path dir;
  static Path checkpoint;
  static Path input;
  static Backbone backbone;

  /** Result of one command-line run. */
  record Run(int code, String err) {}

  @BeforeAll
  static void writeCheckpointAndInput() throws Exception {
    backbone = Backbone.initialized(SwinConfig.of(8, List.of(2, 1, 1, 2), List.of(1, 2, 2, 4)), 5);
    Map<String, Object> teacher = new LinkedHashMap<>();
    backbone.parameters().forEach((k, v) -> teacher.put("backbone." + k, v));
    checkpoint = dir.resolve("ckpt.pth");
    TorchCheckpointWriter.write(Map.of("teacher", teacher), checkpoint);
    Nd4j.getRandom().setSeed(2);
    input = dir.resolve("x.npy");
    Npy.write(Nd4j.randn(DataType.FLOAT, 3, 3, 64, 32), input);
  }

  static Run run(String... args) {
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, err.toString());
  }

  @Test
  void extractWritesEveryOutputForAnArray() throws Exception {
    Path out = dir.resolve("out");
    Run r = run("extract", "--checkpoint", checkpoint.toString(), "--input", input.toString(),
        "--semantic-weight", "0,0.5,1", "--output", out.toString(), "--batch-size", "2");
    assertThat(r.code()).as(r.err()).isZero();
    INDArray pooled = Npy.read(out.resolve("pooled.npy"));
    BackboneGraph g = backbone.graph(64, 32, BackboneMode.INFERENCE);
    INDArray ref = g.forward(Npy.read(input), SemanticWeights.of(0, 0.5, 1)).pooled();
    assertThat(pooled.sub(ref).amaxNumber().doubleValue()).isLessThan(1e-5);
    assertThat(Npy.read(out.resolve("stage0.npy")).shape()).containsExactly(3, 8, 16, 8);
    assertThat(Npy.read(out.resolve("stage3.npy")).shape()).containsExactly(3, 64, 2, 1);
  }

  @Test
  void exportWritesASameDiffFileThatRunsAlone() throws Exception {
    Path sd = dir.resolve("model.sd");
    Run r = run("export", "--checkpoint", checkpoint.toString(), "--size", "64x32", "--output", sd.toString());
    assertThat(r.code()).as(r.err()).isZero();
    BackboneGraph g = BackboneGraph.load(sd);
    INDArray x = Npy.read(input);
    assertThat(g.forward(x, SemanticWeights.constant(0.3, 3)).pooled())
        .isEqualTo(backbone.graph(64, 32, BackboneMode.INFERENCE).forward(x, SemanticWeights.constant(0.3, 3)).pooled());
  }

  @Test
  void extractWithOnnxRuntimeGivesTheSameFeatures() throws Exception {
    Path out = dir.resolve("out-ort");
    Run r = run("extract", "--checkpoint", checkpoint.toString(), "--input", input.toString(), "--engine", "onnxruntime",
        "--semantic-weight", "0,0.5,1", "--output", out.toString(), "--batch-size", "2");
    assertThat(r.code()).as(r.err()).isZero();
    INDArray ref = backbone.graph(64, 32, BackboneMode.INFERENCE).forward(Npy.read(input), SemanticWeights.of(0, 0.5, 1))
        .pooled();
    INDArray pooled = Npy.read(out.resolve("pooled.npy"));
    assertThat(pooled.sub(ref).amaxNumber().doubleValue() / ref.amaxNumber().doubleValue()).isLessThan(1e-5);
    assertThat(Npy.read(out.resolve("stage3.npy")).shape()).containsExactly(3, 64, 2, 1);
  }

  @Test
  void exportWritesAnOnnxModelThatOnnxRuntimeRuns() throws Exception {
    Path model = dir.resolve("model.onnx");
    Run r = run("export", "--format", "onnx", "--checkpoint", checkpoint.toString(), "--size", "64x32",
        "--output", model.toString());
    assertThat(r.code()).as(r.err()).isZero();
    INDArray x = Npy.read(input);
    try (OnnxRuntimeBackbone ort = OnnxRuntimeBackbone.open(Files.readAllBytes(model), 3, 64, 32)) {
      INDArray ours = ort.forward(x, SemanticWeights.constant(0.3, 3)).pooled();
      INDArray ref = backbone.graph(64, 32, BackboneMode.INFERENCE).forward(x, SemanticWeights.constant(0.3, 3)).pooled();
      assertThat(ours.sub(ref).amaxNumber().doubleValue() / ref.amaxNumber().doubleValue()).isLessThan(1e-5);
    }
  }

  @Test
  void exportWithOutputsPooledWritesThePooledFeatureAlone() throws Exception {
    Path model = dir.resolve("pooled.onnx");
    Run r = run("export", "--format", "onnx", "--outputs", "pooled", "--checkpoint", checkpoint.toString(), "--size",
        "64x32", "--output", model.toString());
    assertThat(r.code()).as(r.err()).isZero();
    INDArray x = Npy.read(input);
    try (OnnxRuntimeBackbone ort = OnnxRuntimeBackbone.open(Files.readAllBytes(model), 3, 64, 32)) {
      INDArray ours = ort.pooled(x, SemanticWeights.constant(0.3, 3));
      INDArray ref = backbone.graph(64, 32, BackboneMode.INFERENCE).forward(x, SemanticWeights.constant(0.3, 3)).pooled();
      assertThat(ours.sub(ref).amaxNumber().doubleValue() / ref.amaxNumber().doubleValue()).isLessThan(1e-5);
      assertThatThrownBy(() -> ort.forward(x, SemanticWeights.constant(0.3, 3))).hasMessageContaining("--outputs all");
    }
    Run bad = run("export", "--format", "onnx", "--outputs", "tiles", "--checkpoint", checkpoint.toString(), "--output",
        dir.resolve("m2.onnx").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).contains("tiles").doesNotContain("\n");
    Run sd = run("export", "--outputs", "pooled", "--checkpoint", checkpoint.toString(), "--output",
        dir.resolve("m.sd").toString());
    assertThat(sd.code()).isEqualTo(2);
    assertThat(sd.err().strip()).contains("--format onnx");
  }

  @Test
  void anUnknownEngineOrFormatIsAUsageError() {
    Run e = run("extract", "--checkpoint", checkpoint.toString(), "--input", input.toString(), "--engine", "tensorrt",
        "--semantic-weight", "0.2", "--output", dir.resolve("o4").toString());
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err().strip()).contains("tensorrt").doesNotContain("\n");
    Run f = run("export", "--format", "tflite", "--checkpoint", checkpoint.toString(), "--output",
        dir.resolve("m.x").toString());
    assertThat(f.code()).isEqualTo(2);
    assertThat(f.err().strip()).contains("tflite");
  }

  @Test
  void missingCheckpointIsOneLine() {
    Run r = run("extract", "--checkpoint", dir.resolve("nope.pth").toString(), "--input", input.toString(),
        "--semantic-weight", "0.2", "--output", dir.resolve("o1").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err().strip()).startsWith("extract: error:").contains("nope.pth").doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void aFileThatIsNotACheckpointIsNamed() throws Exception {
    Path junk = dir.resolve("junk.pth");
    Files.writeString(junk, "hello");
    Run r = run("extract", "--checkpoint", junk.toString(), "--input", input.toString(),
        "--semantic-weight", "0.2", "--output", dir.resolve("o2").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err().strip()).contains("junk.pth").doesNotContain("\n");
  }

  @Test
  void wrongNumberOfSemanticWeightsIsAUsageError() {
    Run r = run("extract", "--checkpoint", checkpoint.toString(), "--input", input.toString(),
        "--semantic-weight", "0.1,0.2", "--output", dir.resolve("o3").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("extract: error: got 2 semantic weights for 3 images: give one value, or one per image");
  }

  @Test
  void missingInputAndBadSizeAreRejected() {
    Run r = run("extract", "--checkpoint", checkpoint.toString(), "--input", dir.resolve("none").toString(),
        "--semantic-weight", "0.2", "--output", dir.resolve("o4").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("none").contains("does not exist");
    Run s = run("extract", "--checkpoint", checkpoint.toString(), "--input", input.toString(),
        "--semantic-weight", "0.2", "--output", dir.resolve("o5").toString(), "--size", "big");
    assertThat(s.code()).isEqualTo(2);
    assertThat(s.err()).contains("'big' is not a size HxW");
  }

  @Test
  void nonPositiveBatchSizeIsAUsageError() {
    Run r = run("extract", "--checkpoint", checkpoint.toString(), "--input", input.toString(),
        "--semantic-weight", "0.2", "--output", dir.resolve("o7").toString(), "--batch-size", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("extract: error: --batch-size must be >= 1, got 0");
  }

  @Test
  void semanticWeightOutsideTheUnitIntervalIsRejected() {
    Run r = run("extract", "--checkpoint", checkpoint.toString(), "--input", input.toString(),
        "--semantic-weight", "2", "--output", dir.resolve("o6").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("semantic weight 2 is outside [0, 1]");
  }
}
