package io.solider.tasks.pose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.nn.train.Position;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.pose.head.PoseModel;
import io.solider.tasks.pose.metric.KeypointEvaluation;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The pose trainer end to end on the tiny synthetic COCO set with a tiny Swin. */
class PoseTrainerTest {

  @TempDir static Path tmp;
  static Path coco;
  /** Two epochs, evaluated before and after: shared by several tests. */
  static TrainingResult<PoseTraining, PoseStepStats> full;

  @BeforeAll
  static void generateAndTrain() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(7)).generate(tmp.resolve("synth"));
    coco = tmp.resolve("synth/coco");
    full = new PoseTrainer(tinyConfig(), options(tmp.resolve("full")), EvaluationPlan.onlyAtEnd().withBefore(true),
        null).train(coco);
  }

  static PoseTrainConfig tinyConfig() {
    SwinConfig arch = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withWindowSize(4);
    return PoseTrainConfig.release(arch).toBuilder().input(64, 48).batchSize(4).epochs(2, List.of(1))
        .warmup(3, 0.001).lr(1e-3).seed(5).build();
  }

  static TrainingOptions options(Path out) {
    return TrainingOptions.builder(out).workers(2).build();
  }

  /** All values, exactly (INDArray.equals allows a 1e-5 difference). */
  static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static List<Double> losses(List<PoseStepStats> steps) {
    return steps.stream().map(PoseStepStats::loss).toList();
  }

  @Test
  void resumedRunRepeatsTheUninterruptedLossCurveExactly() throws Exception {
    int perEpoch = full.run().itersPerEpoch();
    assertThat(perEpoch).isGreaterThan(1);
    assertThat(full.steps()).hasSize(2 * perEpoch);

    Path out = tmp.resolve("resumed");
    TrainingResult<PoseTraining, PoseStepStats> first = new PoseTrainer(tinyConfig(),
        options(out).toBuilder().maxIterations(1).build(), EvaluationPlan.none(), null).train(coco);
    assertThat(first.steps()).hasSize(1); // stops mid-epoch
    assertThat(PoseCheckpoint.read(out.resolve(RunFolder.CHECKPOINT)).next()).isEqualTo(new Position(0, 1, 1));
    TrainingResult<PoseTraining, PoseStepStats> rest = new PoseTrainer(tinyConfig().toBuilder().lr(123).build(),
        options(out).toBuilder().resume(true).build(), EvaluationPlan.none(), null).train(coco);
    List<Double> joined = new ArrayList<>(losses(first.steps()));
    joined.addAll(losses(rest.steps()));
    assertThat(joined).containsExactlyElementsOf(losses(full.steps()));
    assertThat(rest.run().config().optimizer().lr()).isEqualTo(1e-3); // the checkpoint's configuration wins
    Map<String, INDArray> a = full.run().model().stateDict();
    Map<String, INDArray> b = rest.run().model().stateDict();
    assertThat(b.keySet()).containsExactlyInAnyOrderElementsOf(a.keySet());
    a.forEach((k, v) -> assertThat(values(b.get(k))).as(k).containsExactly(values(v)));
  }

  @Test
  void partsTheLossDoesNotReachStayUnchangedAndTheRestMoves() throws Exception {
    Map<String, INDArray> before = PoseTraining.create(tinyConfig(), 1).model().stateDict();
    List<String> unmoved = new ArrayList<>();
    full.run().model().stateDict().forEach((k, v) -> {
      if (java.util.Arrays.equals(values(v), values(before.get(k)))) {
        unmoved.add(k);
      }
    });
    // torch gives these no gradient (the head reads stage 3 only), so AdamW skips them, decay included;
    // running_var may drift by less than float precision, so only the trained tensors are checked.
    List<String> expected = before.keySet().stream().filter(k -> !PoseTraining.reachedByLoss(
        k.substring(PoseModel.BACKBONE.length())) && k.startsWith(PoseModel.BACKBONE)).toList();
    assertThat(expected).contains("backbone.norm0.weight", "backbone.semantic_embed_w.3.weight");
    assertThat(unmoved).containsAll(expected);
    assertThat(unmoved).doesNotContain("backbone.patch_embed.projection.weight", "backbone.norm3.weight",
        "keypoint_head.deconv_layers.0.weight", "keypoint_head.final_layer.weight",
        "keypoint_head.deconv_layers.1.running_mean");
  }

  @Test
  void writesReleaseLayoutModelLogAndMetrics() throws Exception {
    Path out = tmp.resolve("full");
    assertThat(full.initial()).isNotNull();
    KeypointEvaluation e = (KeypointEvaluation) full.evaluation();
    assertThat(e.ap()).isBetween(0.0, 1.0);
    try (StateDict sd = Checkpoints.read(out.resolve(PoseCheckpoint.MODEL))) {
      assertThat(sd.tensors().keySet()).contains("state_dict.backbone.patch_embed.projection.weight",
          "state_dict.keypoint_head.deconv_layers.0.weight", "state_dict.keypoint_head.deconv_layers.1.running_var",
          "state_dict.keypoint_head.deconv_layers.1.num_batches_tracked", "state_dict.keypoint_head.final_layer.weight",
          "state_dict.keypoint_head.final_layer.bias");
      assertThat(sd.tensors().get("state_dict.keypoint_head.final_layer.weight").shape())
          .containsExactly(17, 256, 1, 1);
      assertThat(sd.tensors().get("state_dict.keypoint_head.deconv_layers.1.num_batches_tracked")
          .toINDArray(DataType.LONG).getLong(0)).isEqualTo(full.steps().size());
    }
    PoseModel loaded = PoseModel.load(out.resolve(PoseCheckpoint.MODEL));
    Map<String, INDArray> live = full.run().model().stateDict();
    loaded.stateDict().forEach((k, v) -> assertThat(values(v)).as(k).containsExactly(values(live.get(k))));
    JsonNode m = new ObjectMapper().readTree(out.resolve(RunFolder.METRICS).toFile());
    assertThat(m.get("epoch").asInt()).isEqualTo(2);
    assertThat(m.get("AP").asDouble()).isEqualTo(e.ap());
    assertThat(Files.exists(out.resolve(RunFolder.METRICS_INITIAL))).isTrue();
    List<String> lines = Files.readAllLines(out.resolve(RunFolder.LOG));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"iter\"") && l.contains("\"heatmap_loss\"")
        && l.contains("\"acc_pose\""));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"eval\""));
  }

  @Test
  void nonFiniteLossNamesTheTermAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path out = tmp.resolve("nan");
    PoseTrainer trainer = new PoseTrainer(tinyConfig(), options(out), EvaluationPlan.none(), null);
    PoseTraining[] seen = new PoseTraining[1];
    trainer.addListener(new TrainingListener<PoseTraining, PoseStepStats>() {
      @Override
      public void onStep(PoseTraining run, PoseStepStats stats) {
        seen[0] = run;
      }

      @Override
      public void onEpoch(int epoch, boolean complete, Map<String, Double> averages) {
        seen[0].model().head().state().get("keypoint_head.final_layer.bias").putScalar(0, Float.NaN);
      }
    });
    int perEpoch = full.run().itersPerEpoch();
    assertThatThrownBy(() -> trainer.train(coco)).isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("loss term 'heatmap_loss' is NaN at iteration " + perEpoch);
    PoseCheckpoint.Restored r = PoseCheckpoint.read(out.resolve(RunFolder.CHECKPOINT));
    assertThat(r.next()).isEqualTo(new Position(1, 0, perEpoch));
    assertThat(r.run().model().head().state().get("keypoint_head.final_layer.bias").getDouble(0)).isFinite();
  }

  @Test
  void anotherTasksCheckpointIsAClearError() throws Exception {
    Path reid = tmp.resolve("reid.pth");
    io.solider.nn.checkpoint.TorchCheckpointWriter.write(Map.of("state_dict", Map.of("base.norm3.weight",
        org.nd4j.linalg.factory.Nd4j.ones(4))), reid);
    assertThatThrownBy(() -> PoseModel.load(reid)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a pose model");
    Path bad = tmp.resolve("bad.pth");
    io.solider.nn.checkpoint.TorchCheckpointWriter.write(Map.of("x", 1), bad);
    assertThatThrownBy(() -> PoseCheckpoint.read(bad)).hasMessageContaining("not a solider-dl4j training checkpoint");
  }
}
