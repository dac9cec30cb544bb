package io.solider.tasks.pose.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The pose model's keys, shapes, initialisation and loading of the release's checkpoint layout. */
class PoseModelTest {

  static final SwinConfig ARCH = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withWindowSize(4);

  static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  @Test
  void headHasTheReleaseKeysShapesAndInitialisation() {
    PoseModel m = PoseModel.create(Backbone.initialized(ARCH, 1), 2);
    assertThat(m.backbone().config().mergeStride(2)).isEqualTo(1); // strides 4, 2, 1, 1
    assertThat(m.backbone().config().mergeStride(0)).isEqualTo(2);
    Map<String, INDArray> head = m.head().state();
    assertThat(head.keySet()).containsExactlyInAnyOrder("keypoint_head.deconv_layers.0.weight",
        "keypoint_head.deconv_layers.1.weight", "keypoint_head.deconv_layers.1.bias",
        "keypoint_head.deconv_layers.1.running_mean", "keypoint_head.deconv_layers.1.running_var",
        "keypoint_head.deconv_layers.1.num_batches_tracked", "keypoint_head.final_layer.weight",
        "keypoint_head.final_layer.bias");
    assertThat(head.get("keypoint_head.deconv_layers.0.weight").shape()).containsExactly(64, 256, 4, 4);
    assertThat(head.get("keypoint_head.final_layer.weight").shape()).containsExactly(17, 256, 1, 1);
    // init_weights: normal(std 0.001) for both convolutions, bias 0, batch norm 1 / 0
    double std = head.get("keypoint_head.deconv_layers.0.weight").stdNumber().doubleValue();
    assertThat(std).isBetween(0.00095, 0.00105); // 262,144 draws: ±5% is many standard errors
    assertThat(head.get("keypoint_head.final_layer.bias").amaxNumber().doubleValue()).isZero();
    assertThat(head.get("keypoint_head.deconv_layers.1.weight").minNumber().doubleValue()).isEqualTo(1.0);
    // 64×48 input: stage 3 at 1/8 (8×6), heatmaps at 1/4 (16×12)
    PoseHead.Shape s = m.headShape(64, 48);
    assertThat(List.of(s.featureHeight(), s.featureWidth(), s.heatmapHeight(), s.heatmapWidth()))
        .containsExactly(8, 6, 16, 12);
  }

  /**
   * A checkpoint as mmcv's {@code save_checkpoint} writes it for the release ({@code meta},
   * {@code state_dict} with {@code backbone.*} incl. the {@code relative_position_index} buffers and
   * {@code keypoint_head.*}, {@code optimizer}) loads tensor for tensor.
   */
  @Test
  void loadsACheckpointInTheReleaseLayout(@TempDir Path dir) throws Exception {
    PoseModel m = PoseModel.create(Backbone.initialized(ARCH, 3), 4);
    m.head().state().get("keypoint_head.final_layer.bias").putScalar(5, 0.25f);
    Map<String, Object> state = new LinkedHashMap<>(m.stateDict());
    state.put("backbone.stages.0.blocks.0.attn.w_msa.relative_position_index", Nd4j.zeros(DataType.LONG, 16, 16));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("meta", Map.of("epoch", 210, "iter", 196560, "mmcv_version", "1.4.8"));
    root.put("state_dict", state);
    root.put("optimizer", Map.of("state", Map.of("0", Map.of("step", 3, "exp_avg", Nd4j.zeros(4))),
        "param_groups", Map.of("lr", 7e-6)));
    Path file = dir.resolve("epoch_210.pth");
    TorchCheckpointWriter.write(root, file);

    PoseModel loaded = PoseModel.load(file);
    assertThat(loaded.backbone().config().mergeStride(2)).isEqualTo(1);
    Map<String, INDArray> a = m.stateDict();
    Map<String, INDArray> b = loaded.stateDict();
    assertThat(b.keySet()).containsExactlyInAnyOrderElementsOf(a.keySet());
    a.forEach((k, v) -> assertThat(values(b.get(k))).as(k).containsExactly(values(v)));
  }

  @Test
  void aHeadThatDoesNotFitTheBackboneIsAClearError() {
    PoseModel m = PoseModel.create(Backbone.initialized(ARCH, 3), 4);
    Map<String, INDArray> state = new LinkedHashMap<>(m.stateDict());
    state.put("keypoint_head.deconv_layers.0.weight", Nd4j.zeros(32, 256, 4, 4));
    assertThatThrownBy(() -> PoseModel.fromStateDict(state, "x.pth")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("x.pth: pose head does not fit");
    Map<String, INDArray> extra = new LinkedHashMap<>(m.stateDict());
    extra.put("keypoint_head.deconv_layers.3.weight", Nd4j.zeros(1));
    assertThatThrownBy(() -> PoseModel.fromStateDict(extra, "y.pth")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unexpected pose head tensors");
  }
}
