package io.solider.tasks.pose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.ParameterGroup;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link PoseTrainConfig#release} against SOLIDER-HumanPose's
 * {@code swin_{tiny,small,base}_coco_384x288_release.py}, and the schedule and parameter groups built from it.
 */
class PoseTrainConfigTest {

  @Test
  void releaseRecipePerBackboneSize() {
    PoseTrainConfig t = PoseTrainConfig.release(SwinConfig.tiny());
    assertThat(t.model().semanticWeight()).isEqualTo(0.8);
    assertThat(t.input().height()).isEqualTo(384);
    assertThat(t.input().width()).isEqualTo(288);
    assertThat(t.batchSize()).isEqualTo(8 * 16);
    assertThat(t.optimizer()).isEqualTo(new PoseTrainConfig.Optimizer(7e-4, 0, 0.9, 0.999));
    assertThat(t.schedule()).isEqualTo(new PoseTrainConfig.Schedule(210, List.of(170, 200), 0.1, 11710, 0.001));
    assertThat(t.augmentation()).isEqualTo(new PoseTrainConfig.Augmentation(0.5, 8, 0.3, 0.5, 40, 0.6, 2));
    assertThat(t.test()).isEqualTo(new PoseTrainConfig.Test(true, 0.2, 0.9, 16));

    PoseTrainConfig s = PoseTrainConfig.release(SwinConfig.small());
    assertThat(s.batchSize()).isEqualTo(8 * 8);
    assertThat(s.optimizer()).isEqualTo(new PoseTrainConfig.Optimizer(1e-3, 0.01, 0.9, 0.999));
    assertThat(s.schedule().epochs()).isEqualTo(210);

    PoseTrainConfig b = PoseTrainConfig.release(SwinConfig.base());
    assertThat(b.batchSize()).isEqualTo(8 * 12);
    assertThat(b.optimizer()).isEqualTo(new PoseTrainConfig.Optimizer(1e-3, 0.01, 0.9, 0.999));
    assertThat(b.schedule()).isEqualTo(new PoseTrainConfig.Schedule(160, List.of(120, 150), 0.1, 11710, 0.001));
  }

  @Test
  void configSurvivesItsJsonForm() throws Exception {
    PoseTrainConfig c = PoseTrainConfig.release(SwinConfig.tiny()).toBuilder().pretrained("x.pth").seed(9).build();
    assertThat(PoseCheckpoint.fromJson(PoseCheckpoint.toJson(c))).isEqualTo(c);
  }

  /** mmcv: warm-up factor 1 − (1 − i/W)(1 − 0.001) per iteration on top of the epoch's step rate. */
  @Test
  void scheduleIsStepDecayWithLinearWarmup() {
    PoseTrainConfig c = PoseTrainConfig.release(SwinConfig.tiny()).toBuilder().epochs(4, List.of(2, 3))
        .warmup(10, 0.001).lr(1e-3).build();
    double[] lr = PoseTraining.schedule(c, 5);
    assertThat(lr).hasSize(20);
    assertThat(lr[0]).isCloseTo(1e-3 * 0.001, within(1e-15));
    assertThat(lr[5]).isCloseTo(1e-3 * (1 - 0.5 * 0.999), within(1e-15));
    assertThat(lr[10]).isCloseTo(1e-4, within(1e-15)); // epoch 2: ×0.1, warm-up over
    assertThat(lr[15]).isCloseTo(1e-5, within(1e-15));
    assertThat(lr[9]).isCloseTo(1e-3 * (1 - 0.1 * 0.999), within(1e-15));
  }

  @Test
  void biasTablesAreNotDecayedAndEverythingElseIs() {
    var groups = PoseTraining.groups(new PoseTrainConfig.Optimizer(1e-3, 0.01, 0.9, 0.999));
    ParameterGroup table = groups.of("backbone.stages.0.blocks.0.attn.w_msa.relative_position_bias_table",
        Nd4j.zeros(49, 1)).orElseThrow();
    ParameterGroup norm = groups.of("backbone.norm3.bias", Nd4j.zeros(4)).orElseThrow();
    ParameterGroup head = groups.of("keypoint_head.final_layer.weight", Nd4j.zeros(17, 4, 1, 1)).orElseThrow();
    assertThat(table.weightDecay()).isZero();
    assertThat(norm.weightDecay()).isEqualTo(0.01);
    assertThat(head.weightDecay()).isEqualTo(0.01);
  }
}
