package io.solider.tasks.reid.train;

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
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.data.Market1501;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.head.BnNeckHead;
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

/** The trainer end to end on the tiny synthetic Market-1501 set with a tiny Swin. */
class ReidTrainerTest {

  @TempDir static Path tmp;
  static ReidSplits data;
  /** Two epochs of 2 steps, evaluated before and after: shared by several tests. */
  static TrainingResult<ReidTraining, ReidStepStats> full;

  @BeforeAll
  static void generateAndTrain() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(7)).generate(tmp.resolve("synth"));
    data = Market1501.read(tmp.resolve("synth/market1501"));
    full = new ReidTrainer(tinyConfig(), options(tmp.resolve("full")), EvaluationPlan.onlyAtEnd().withBefore(true))
        .train(data);
  }

  static ReidTrainConfig tinyConfig() {
    SwinConfig arch = SwinConfig.of(16, List.of(1, 1, 1, 1), List.of(1, 2, 2, 4)).withWindowSize(4)
        .withDropPathRate(0.1);
    return ReidTrainConfig.release(arch).toBuilder().input(64, 32).batch(3, 4).epochs(2, 1).baseLr(0.01).seed(5)
        .build();
  }

  static TrainingOptions options(Path out) {
    return TrainingOptions.builder(out).workers(2).build();
  }

  /** All values, exactly (INDArray.equals allows a 1e-5 difference). */
  static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static List<Double> losses(List<ReidStepStats> steps) {
    return steps.stream().map(ReidStepStats::loss).toList();
  }

  @Test
  void resumedRunRepeatsTheUninterruptedLossCurveExactly() throws Exception {
    assertThat(full.steps()).hasSize(4); // 6 identities × 1 chunk of 4 → 2 batches of 3 × 4 per epoch

    Path out = tmp.resolve("resumed");
    TrainingResult<ReidTraining, ReidStepStats> first = new ReidTrainer(tinyConfig(),
        options(out).toBuilder().maxIterations(1).build(), EvaluationPlan.none()).train(data);
    assertThat(first.steps()).hasSize(1); // stops mid-epoch
    assertThat(ReidCheckpoint.read(out.resolve(RunFolder.CHECKPOINT)).next()).isEqualTo(new Position(0, 1, 1));
    TrainingResult<ReidTraining, ReidStepStats> rest = new ReidTrainer(tinyConfig().toBuilder().baseLr(123).build(),
        options(out).toBuilder().resume(true).build(), EvaluationPlan.none()).train(data);
    List<Double> joined = new ArrayList<>(losses(first.steps()));
    joined.addAll(losses(rest.steps()));
    assertThat(joined).containsExactlyElementsOf(losses(full.steps()));
    // the checkpoint's configuration wins over the one passed on resume
    assertThat(rest.run().config().schedule().baseLr()).isEqualTo(0.01);
    Map<String, INDArray> a = full.run().model().stateDict();
    Map<String, INDArray> b = rest.run().model().stateDict();
    assertThat(b.keySet()).containsExactlyInAnyOrderElementsOf(a.keySet());
    a.forEach((k, v) -> assertThat(values(b.get(k))).as(k).containsExactly(values(v)));
  }

  @Test
  void frozenPartsStayUnchangedAndTrainedPartsMove() throws Exception {
    Map<String, INDArray> before = ReidTraining.create(tinyConfig(), data.trainIdentities()).model().stateDict();
    List<String> unmoved = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : full.run().model().stateDict().entrySet()) {
      String k = e.getKey();
      if (java.util.Arrays.equals(values(e.getValue()), values(before.get(k)))) {
        unmoved.add(k);
      }
    }
    // Frozen as the release: the semantic controller (requires_grad False) and the BN bias; not
    // reached by the loss, so skipped by SGD as torch skips grad None: stage 0–2 output norms.
    List<String> expected = new ArrayList<>();
    for (String k : before.keySet()) {
      if (k.startsWith("base.semantic_embed_") || k.equals(BnNeckHead.BIAS) || k.matches("base\\.norm[012]\\..*")) {
        expected.add(k);
      }
    }
    assertThat(expected).hasSize(16 + 1 + 6);
    assertThat(unmoved).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(full.run().model().head().stateDict().get(BnNeckHead.BIAS).amaxNumber().doubleValue()).isZero();
  }

  @Test
  void writesReleaseLayoutModelLogAndMetrics() throws Exception {
    Path out = tmp.resolve("full");
    TrainingResult<ReidTraining, ReidStepStats> r = full;
    assertThat(r.initial()).isNotNull();
    ReidEvaluation e = (ReidEvaluation) r.evaluation();
    assertThat(e.mAP()).isBetween(0.0, 1.0);
    try (StateDict sd = Checkpoints.read(out.resolve(ReidCheckpoint.MODEL))) {
      List<String> keys = new ArrayList<>(sd.tensors().keySet());
      assertThat(keys).contains("base.patch_embed.projection.weight", "base.norm3.weight",
          "bottleneck.weight", "bottleneck.bias", "bottleneck.running_mean", "bottleneck.running_var",
          "bottleneck.num_batches_tracked", "classifier.weight");
      assertThat(keys).allMatch(k -> k.startsWith("base.") || k.startsWith("bottleneck.") || k.equals("classifier.weight"));
      assertThat(sd.tensors().get("bottleneck.num_batches_tracked").toINDArray(DataType.LONG).getLong(0))
          .isEqualTo(r.steps().size());
      assertThat(sd.tensors().get("classifier.weight").shape()).containsExactly(data.trainIdentities(), 128);
      Map<String, INDArray> live = r.run().model().stateDict();
      assertThat(values(sd.tensors().get("base.norm3.weight").toINDArray(DataType.FLOAT))).containsExactly(values(live.get("base.norm3.weight")));
    }
    JsonNode m = new ObjectMapper().readTree(out.resolve(RunFolder.METRICS).toFile());
    assertThat(m.get("epoch").asInt()).isEqualTo(2);
    assertThat(m.get("mAP").asDouble()).isEqualTo(e.mAP());
    assertThat(m.get("cmc")).hasSizeGreaterThan(0);
    assertThat(Files.exists(out.resolve(RunFolder.METRICS_INITIAL))).isTrue();
    JsonNode run = new ObjectMapper().readTree(out.resolve(RunFolder.RUN_RECORD).toFile()).get("invocations").get(0);
    assertThat(run.get("config").get("schedule").get("baseLr").asDouble()).isEqualTo(0.01);
    assertThat(run.get("data").get("train_identities").asInt()).isEqualTo(data.trainIdentities());
    assertThat(run.get("git_commit").asText()).isNotEmpty();
    assertThat(run.get("machine").get("cores").asInt()).isPositive();
    List<String> lines = Files.readAllLines(out.resolve(RunFolder.LOG));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"iter\"") && l.contains("\"triplet_loss\""));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"epoch\""));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"eval\""));
  }

  @Test
  void nonFiniteLossNamesTheTermAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path out = tmp.resolve("nan");
    ReidTrainer trainer = new ReidTrainer(tinyConfig(), options(out), EvaluationPlan.none());
    ReidTraining[] seen = new ReidTraining[1];
    trainer.addListener(new TrainingListener<ReidTraining, ReidStepStats>() {
      @Override
      public void onStep(ReidTraining run, ReidStepStats stats) {
        seen[0] = run;
      }

      @Override
      public void onEpoch(int epoch, boolean complete, Map<String, Double> averages) {
        seen[0].model().backbone().parameters().get("norm3.weight").putScalar(0, Float.NaN);
      }
    });
    assertThatThrownBy(() -> trainer.train(data)).isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("loss term 'cross_entropy' is NaN at iteration 2");
    ReidCheckpoint.Restored r = ReidCheckpoint.read(out.resolve(RunFolder.CHECKPOINT));
    assertThat(r.next()).isEqualTo(new Position(1, 0, 2));
    assertThat(r.run().model().backbone().parameters().get("norm3.weight").getDouble(0)).isFinite();
  }

  @Test
  void notACheckpointIsAClearError() throws Exception {
    Path bad = tmp.resolve("bad.pth");
    io.solider.nn.checkpoint.TorchCheckpointWriter.write(Map.of("x", 1), bad);
    assertThatThrownBy(() -> ReidCheckpoint.read(bad)).hasMessageContaining("not a solider-dl4j training checkpoint");
  }
}
