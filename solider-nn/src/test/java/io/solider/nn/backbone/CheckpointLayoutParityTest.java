package io.solider.nn.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.io.Npy;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The release's tensors in every layout of SOLIDER.md §3 (written here: same tensors, other
 * wrapping) give the release's outputs.
 */
class CheckpointLayoutParityTest {

  @TempDir static Path dir;
  static Map<String, INDArray> release;

  @BeforeAll
  static void read() throws Exception {
    release = new LinkedHashMap<>();
    try (var dict = Checkpoints.read(TinyFixture.checkpoint())) {
      for (var e : dict.tensors().entrySet()) {
        release.put(e.getKey(), e.getValue().toINDArray());
      }
    }
  }

  static Map<String, INDArray> prefixed(String prefix, boolean withExtras) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    release.forEach((k, v) -> {
      if (k.startsWith("teacher.backbone.")) {
        m.put(prefix + k.substring("teacher.backbone.".length()), v);
      } else if (withExtras) {
        m.put(prefix.replace("backbone.", "") + k.substring("teacher.".length()), v);
      }
    });
    return m;
  }

  static void assertReleaseOutputs(Path file) throws Exception {
    Backbone b = Backbone.fromCheckpoint(file);
    BackboneOutputs out = b.graph(256, 128, BackboneMode.INFERENCE).forward(TinyFixture.input(), TinyFixture.semanticWeight("mixed"));
    assertThat(TinyFixture.relativeError(out.pooled(), TinyFixture.reference("mixed", "pooled"))).as(file.toString())
        .isLessThan(BackboneParityTest.FORWARD_TOLERANCE);
    for (int i = 0; i < 4; i++) {
      assertThat(TinyFixture.relativeError(out.stage(i), TinyFixture.reference("mixed", "stage" + i)))
          .as("%s stage %d", file, i).isLessThan(BackboneParityTest.FORWARD_TOLERANCE);
    }
  }

  @Test
  void releaseTeacherCheckpoint() throws Exception {
    assertThat(release).containsKey("teacher.head.last_layer.weight_v");
    assertReleaseOutputs(TinyFixture.checkpoint());
  }

  @Test
  void bareStateDict() throws Exception {
    Path f = dir.resolve("bare.pth");
    TorchCheckpointWriter.write(prefixed("", false), f);
    assertReleaseOutputs(f);
  }

  @Test
  void stateDictWrapperWithModuleAndBackbonePrefixes() throws Exception {
    Path f = dir.resolve("state_dict.pth");
    TorchCheckpointWriter.write(Map.of("state_dict", prefixed("module.backbone.", true)), f);
    assertReleaseOutputs(f);
  }

  @Test
  void modelWrapperWithBackbonePrefix() throws Exception {
    Path f = dir.resolve("model.pth");
    TorchCheckpointWriter.write(Map.of("model", prefixed("backbone.", true), "epoch", 3L), f);
    assertReleaseOutputs(f);
  }

  @Test
  void fullPretrainingCheckpointTakesTheTeacher() throws Exception {
    Map<String, INDArray> student = new LinkedHashMap<>();
    prefixed("module.backbone.", true).forEach((k, v) -> student.put(k, v.dataType().isFPType() ? v.mul(0.5) : v));
    Map<String, Object> optimizer = new LinkedHashMap<>();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("0", Map.of("step", 10L, "exp_avg", Nd4j.ones(DataType.FLOAT, 4), "exp_avg_sq", Nd4j.ones(DataType.FLOAT, 4)));
    optimizer.put("state", state);
    Map<String, Object> full = new LinkedHashMap<>();
    full.put("student", student);
    full.put("teacher", prefixed("backbone.", true));
    full.put("optimizer", optimizer);
    full.put("epoch", 12L);
    full.put("dino_loss", Map.of("center", Nd4j.zeros(DataType.FLOAT, 1, 64)));
    Path f = dir.resolve("checkpoint.pth");
    TorchCheckpointWriter.write(full, f);
    assertReleaseOutputs(f);
  }

  @Test
  void npzArchive() throws Exception {
    Path f = dir.resolve("backbone.npz");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
      for (var e : prefixed("backbone.", false).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        Npy.write(e.getValue(), zip);
        zip.closeEntry();
      }
    }
    assertReleaseOutputs(f);
  }

  @Test
  void safetensorsFile() throws Exception {
    Path f = dir.resolve("backbone.safetensors");
    writeSafetensors(prefixed("", false), f);
    assertReleaseOutputs(f);
  }

  @Test
  void aCheckpointOfAnotherModelIsRejectedWithWhatWasFound() throws Exception {
    Path f = dir.resolve("other.pth");
    TorchCheckpointWriter.write(Map.of("model", Map.of("fc.weight", Nd4j.ones(DataType.FLOAT, 2, 2))), f);
    assertThatThrownBy(() -> Backbone.fromCheckpoint(f)).hasMessageContaining("other.pth");
    Map<String, INDArray> partial = prefixed("", false);
    partial.remove("stages.2.blocks.1.ffn.layers.1.bias");
    Path g = dir.resolve("partial.pth");
    TorchCheckpointWriter.write(partial, g);
    assertThatThrownBy(() -> Backbone.fromCheckpoint(g))
        .hasMessageContaining("partial.pth")
        .hasMessageContaining("missing 1 keys: stages.2.blocks.1.ffn.layers.1.bias");
    Map<String, INDArray> withAbs = prefixed("backbone.", false);
    withAbs.put("backbone.absolute_pos_embed", Nd4j.zeros(DataType.FLOAT, 1, 2048, 16));
    Path h = dir.resolve("abs.pth");
    TorchCheckpointWriter.write(Map.of("state_dict", withAbs), h);
    assertThatThrownBy(() -> Backbone.fromCheckpoint(h)).hasMessageContaining("abs.pth")
        .hasMessageContaining("absolute position embedding");
  }

  static void writeSafetensors(Map<String, INDArray> tensors, Path file) throws Exception {
    Map<String, Object> header = new LinkedHashMap<>();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (var e : tensors.entrySet()) {
      float[] v = e.getValue().castTo(DataType.FLOAT).dup('c').data().asFloat();
      ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      bb.asFloatBuffer().put(v);
      long begin = data.size();
      data.write(bb.array());
      header.put(e.getKey(), Map.of("dtype", "F32", "shape", e.getValue().shape(), "data_offsets", List.of(begin, (long) data.size())));
    }
    byte[] json = new ObjectMapper().writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    byte[] h = java.util.Arrays.copyOf(json, padded);
    java.util.Arrays.fill(h, json.length, padded, (byte) ' ');
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(h);
      out.write(data.toByteArray());
    }
    assertThat(new String(h, StandardCharsets.UTF_8)).startsWith("{");
  }
}
