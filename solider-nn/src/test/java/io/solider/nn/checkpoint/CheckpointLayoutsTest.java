package io.solider.nn.checkpoint;

import static io.solider.nn.checkpoint.CheckpointTestFiles.layout;
import static io.solider.nn.checkpoint.CheckpointTestFiles.teacher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every supported file format and SOLIDER layout yields the same backbone tensors as the release checkpoint. */
class CheckpointLayoutsTest {

  private static Map<String, INDArray> reference;
  private static JsonNode expected;
  private static Set<String> subset;

  @BeforeAll
  static void readReference() throws IOException {
    try (StateDict sd = Checkpoints.readBackbone(teacher())) {
      reference = sd.materialize();
    }
    ObjectMapper json = new ObjectMapper();
    expected = json.readTree(layout("expected.json").toFile());
    subset = new TreeSet<>();
    json.readTree(layout("layout_subset.json").toFile()).forEach(n -> subset.add(n.asText()));
  }

  @Test
  void releaseCheckpointMatchesTorchsOwnReading() {
    Set<String> wanted = new TreeSet<>();
    expected.fieldNames().forEachRemaining(k -> {
      if (!k.endsWith("relative_position_index")) {
        wanted.add(k);
      }
    });
    assertThat(new TreeSet<>(reference.keySet())).isEqualTo(wanted);
    for (String k : wanted) {
      JsonNode e = expected.get(k);
      INDArray a = reference.get(k);
      List<Long> shape = new ArrayList<>();
      e.get("shape").forEach(n -> shape.add(n.asLong()));
      assertThat(a.shape()).as(k).containsExactly(shape.stream().mapToLong(Long::longValue).toArray());
      assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
      float[] flat = floats(a);
      for (int i = 0; i < e.get("first").size(); i++) {
        assertThat(flat[i]).as(k + "[" + i + "]").isEqualTo((float) e.get("first").get(i).asDouble());
      }
      double sum = 0;
      for (float f : flat) {
        sum += f;
      }
      assertThat(sum).as(k + " sum").isCloseTo(e.get("sum").asDouble(), org.assertj.core.data.Offset.offset(1e-9 * flat.length + 1e-9));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bare.pth", "state_dict_module.pth", "model_module.pth", "full_pretrain.pth",
      "legacy.pth", "backbone.npz", "backbone.safetensors"})
  void layoutYieldsTheReleaseTensorsBitExactly(String name) throws IOException {
    try (StateDict sd = Checkpoints.readBackbone(layout(name))) {
      assertThat(new TreeSet<>(sd.tensors().keySet())).isEqualTo(subset);
      for (Map.Entry<String, TensorRef> e : sd.tensors().entrySet()) {
        INDArray got = e.getValue().toINDArray();
        INDArray want = reference.get(e.getKey());
        assertThat(got.shape()).as(e.getKey()).containsExactly(want.shape());
        assertThat(got.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(floats(got)).as(e.getKey()).containsExactly(floats(want));
      }
    }
  }

  @Test
  void studentCanBeChosenExplicitly() throws IOException {
    try (StateDict sd = Checkpoints.readBackbone(layout("full_pretrain.pth"), "student")) {
      assertThat(new TreeSet<>(sd.tensors().keySet())).isEqualTo(subset);
      INDArray diff = sd.tensor("norm0.weight").toINDArray().sub(reference.get("norm0.weight"));
      assertThat(diff.meanNumber().doubleValue()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-2));
    }
    assertThatThrownBy(() -> Checkpoints.readBackbone(layout("bare.pth"), "student"))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(layout("bare.pth") + ": no tensors under 'student' (top-level keys: [patch_embed, stages, norm0, norm1, norm2, norm3, semantic_embed_w, semantic_embed_b])");
  }

  @Test
  void reidModelLayoutYieldsItsBackboneAndDropsNeckAndClassifier(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    // The release's re-id model (SOLIDER-REID build_transformer): base.<backbone>, bottleneck (BatchNorm1d), classifier.
    Map<String, Object> reid = new java.util.LinkedHashMap<>();
    reference.forEach((k, v) -> reid.put("base." + k, v));
    long dim = reference.get("norm3.weight").length();
    reid.put("bottleneck.weight", org.nd4j.linalg.factory.Nd4j.ones(DataType.FLOAT, dim));
    reid.put("bottleneck.bias", org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, dim));
    reid.put("bottleneck.running_mean", org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, dim));
    reid.put("bottleneck.running_var", org.nd4j.linalg.factory.Nd4j.ones(DataType.FLOAT, dim));
    reid.put("bottleneck.num_batches_tracked", org.nd4j.linalg.factory.Nd4j.scalar(DataType.LONG, 7L));
    reid.put("classifier.weight", org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 5, dim));
    java.nio.file.Path bare = dir.resolve("reid.pth");
    TorchCheckpointWriter.write(reid, bare);
    // DataParallel adds module. in front of base.; a state_dict wrapper is common too.
    Map<String, Object> wrapped = new java.util.LinkedHashMap<>();
    reid.forEach((k, v) -> wrapped.put("module." + k, v));
    java.nio.file.Path nested = dir.resolve("reid_module.pth");
    TorchCheckpointWriter.write(Map.of("state_dict", wrapped), nested);
    for (java.nio.file.Path file : List.of(bare, nested)) {
      try (StateDict sd = Checkpoints.readBackbone(file)) {
        assertThat(new TreeSet<>(sd.tensors().keySet())).as(file.toString()).isEqualTo(new TreeSet<>(reference.keySet()));
        for (Map.Entry<String, TensorRef> e : sd.tensors().entrySet()) {
          assertThat(floats(e.getValue().toINDArray())).as(e.getKey()).containsExactly(floats(reference.get(e.getKey())));
        }
      }
    }
    // A re-id checkpoint without its backbone is refused, naming what is there.
    Map<String, Object> headOnly = new java.util.LinkedHashMap<>();
    reid.forEach((k, v) -> {
      if (!k.startsWith("base.")) {
        headOnly.put(k, v);
      }
    });
    java.nio.file.Path noBackbone = dir.resolve("head_only.pth");
    TorchCheckpointWriter.write(headOnly, noBackbone);
    assertThatThrownBy(() -> Checkpoints.readBackbone(noBackbone))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(noBackbone + ": no backbone tensors found (top-level keys: [bottleneck, classifier])");
  }

  @Test
  void attributeReleaseLayoutYieldsItsBackbone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    // SOLIDER-PersonAttributeRecognition's save_ckpt: {'state_dicts': DataParallel model state dict,
    // 'state_dict_ema': the same unwrapped, 'epoch': str, 'metric': float}; the head is classifier.logits.0.
    Map<String, Object> wrapped = new java.util.LinkedHashMap<>();
    Map<String, Object> unwrapped = new java.util.LinkedHashMap<>();
    reference.forEach((k, v) -> {
      wrapped.put("module.backbone." + k, v);
      unwrapped.put("backbone." + k, v.add(1));
    });
    long dim = reference.get("norm3.weight").length();
    wrapped.put("module.classifier.logits.0.weight", org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 26, dim));
    wrapped.put("module.classifier.logits.0.bias", org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 26));
    Map<String, Object> root = new java.util.LinkedHashMap<>();
    root.put("state_dicts", wrapped);
    root.put("state_dict_ema", unwrapped);
    root.put("epoch", "2023-03-01_10:00:00 in epoch 7");
    root.put("metric", 0.84);
    java.nio.file.Path file = dir.resolve("ckpt_max.pth");
    TorchCheckpointWriter.write(root, file);
    try (StateDict sd = Checkpoints.readBackbone(file)) {
      assertThat(new TreeSet<>(sd.tensors().keySet())).isEqualTo(new TreeSet<>(reference.keySet()));
      for (Map.Entry<String, TensorRef> e : sd.tensors().entrySet()) {
        assertThat(floats(e.getValue().toINDArray())).as(e.getKey()).containsExactly(floats(reference.get(e.getKey())));
      }
    }
  }

  @Test
  void detectsEachFormatFromItsContent() throws IOException {
    assertThat(Checkpoints.detect(teacher())).isEqualTo(CheckpointFormat.TORCH_ZIP);
    assertThat(Checkpoints.detect(layout("legacy.pth"))).isEqualTo(CheckpointFormat.TORCH_LEGACY);
    assertThat(Checkpoints.detect(layout("backbone.npz"))).isEqualTo(CheckpointFormat.NPZ);
    assertThat(Checkpoints.detect(layout("backbone.safetensors"))).isEqualTo(CheckpointFormat.SAFETENSORS);
  }

  @Test
  void loadBackboneMaterialisesAndCloses() throws IOException {
    Map<String, INDArray> all = Checkpoints.loadBackbone(layout("bare.pth"));
    assertThat(new TreeSet<>(all.keySet())).isEqualTo(subset);
    assertThat(floats(all.get("norm3.bias"))).containsExactly(floats(reference.get("norm3.bias")));
  }

  @Test
  void pickleProtocol4CheckpointReadsLikeProtocol2() throws IOException {
    try (StateDict sd = Checkpoints.readBackbone(layout("protocol4.pth"))) {
      assertThat(sd.tensors().keySet()).containsExactly("norm0.weight", "norm0.bias");
      for (String k : sd.tensors().keySet()) {
        assertThat(floats(sd.tensor(k).toINDArray())).as(k).containsExactly(floats(reference.get(k)));
      }
    }
  }

  @Test
  void halfPrecisionConvertsWithinFp16Precision() throws IOException {
    try (StateDict sd = Checkpoints.readBackbone(layout("half.pth"))) {
      assertThat(new TreeSet<>(sd.tensors().keySet())).isEqualTo(subset);
      for (Map.Entry<String, TensorRef> e : sd.tensors().entrySet()) {
        assertThat(e.getValue().dtype()).isEqualTo(TensorDType.FLOAT16);
        float[] got = floats(e.getValue().toINDArray());
        float[] want = floats(reference.get(e.getKey()));
        for (int i = 0; i < want.length; i++) {
          // round-to-nearest fp16: relative error <= 2^-11, absolute 2^-25 in the subnormal range
          float tol = Math.abs(want[i]) * 0x1p-11f + 0x1p-24f;
          assertThat(Math.abs(got[i] - want[i])).as(e.getKey() + "[" + i + "]").isLessThanOrEqualTo(tol);
        }
      }
    }
  }

  @Test
  void nonContiguousViewsMaterialiseLikeTheirContiguousCopies() throws IOException {
    try (StateDict sd = Checkpoints.read(layout("noncontig.pth"))) {
      assertThat(sd.tensor("transposed").isContiguous()).isFalse();
      assertThat(sd.tensor("offset").storageOffset()).isEqualTo(5);
      assertThat(sd.tensor("expanded").strides()).containsExactly(0, 1);
      for (String k : List.of("transposed", "columns", "offset", "expanded", "scalar", "long_t")) {
        INDArray got = sd.tensor(k).toINDArray();
        INDArray want = sd.tensor(k + "_ref").toINDArray();
        assertThat(got.shape()).as(k).containsExactly(want.shape());
        assertThat(got.dataType()).as(k).isEqualTo(want.dataType());
        assertThat(doubles(got)).as(k).containsExactly(doubles(want));
      }
      assertThat(sd.tensor("long_t").toINDArray().dataType()).isEqualTo(DataType.LONG);
      assertThat(sd.tensor("long_t").toINDArray().reshape(6).toLongVector()).containsExactly(0, 3, 1, 4, 2, 5);
    }
  }

  @Test
  void fullPretrainingCheckpointKeepsEverythingElseAddressable() throws IOException {
    try (StateDict sd = Checkpoints.read(layout("full_pretrain.pth"))) {
      assertThat(sd.format()).isEqualTo(CheckpointFormat.TORCH_ZIP);
      assertThat(sd.values()).containsEntry("epoch", 3L);
      @SuppressWarnings("unchecked")
      Map<Object, Object> args = (Map<Object, Object>) sd.values().get("args");
      assertThat(args).containsEntry("arch", "swin_tiny").containsEntry("semantic_weight", 0.5)
          .containsEntry("batch_size", 64L).containsEntry("device", "cpu").containsEntry("gpu", null)
          .containsEntry("use_fp16", true).containsEntry("tags", Set.of("luperson"));
      assertThat((Double) args.get("momentum_teacher")).isEqualTo((double) 0.996f);
      assertThat(sd.tensors()).containsKeys("optimizer.state.0.exp_avg", "optimizer.state.0.exp_avg_sq",
          "dino_loss.center", "student.backbone.patch_embed.projection.weight");
      assertThat(sd.values()).containsKey("optimizer.param_groups.0.lr");
      INDArray student = sd.tensor("student.backbone.patch_embed.projection.weight").toINDArray();
      INDArray teacherW = sd.tensor("teacher.backbone.patch_embed.projection.weight").toINDArray();
      assertThat(student.sub(teacherW).meanNumber().doubleValue()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-2));
    }
  }

  @Test
  void relativePositionIndexStaysAvailableAsInt64InTheFullStateDict() throws IOException {
    try (StateDict sd = Checkpoints.read(teacher())) {
      TensorRef idx = sd.tensor("teacher.backbone.stages.0.blocks.0.attn.w_msa.relative_position_index");
      assertThat(idx.dtype()).isEqualTo(TensorDType.INT64);
      INDArray a = idx.toINDArray();
      assertThat(a.dataType()).isEqualTo(DataType.LONG);
      assertThat(a.shape()).containsExactly(49, 49);
      assertThat(a.getLong(0, 0)).isEqualTo(84);
      assertThat(sd.tensors()).containsKey("teacher.head.last_layer.weight_v");
    }
  }

  static float[] floats(INDArray a) {
    return a.dup('c').reshape(a.length()).toFloatVector();
  }

  static double[] doubles(INDArray a) {
    return a.dup('c').reshape(a.length()).toDoubleVector();
  }
}
