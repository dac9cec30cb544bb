package io.solider.tasks.parsing.train;

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
import io.solider.tasks.parsing.data.Lip;
import io.solider.tasks.parsing.data.ParsingSample;
import io.solider.tasks.parsing.head.ParsingModel;
import io.solider.tasks.parsing.head.ParsingPredictor;
import io.solider.tasks.parsing.metric.ParsingEvaluation;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parsing trainer end to end on the tiny synthetic LIP set with a tiny Swin: 3 epochs of 2
 * steps, self-correction cycles ending after epochs 1 and 2 (the first copies the model, the
 * second averages; epoch 2 trains on the SCHP model's soft targets), evaluated before and after.
 */
class ParsingTrainerTest {

  @TempDir static Path tmp;
  static List<ParsingSample> train;
  static List<ParsingSample> val;
  static TrainingResult<ParsingTraining, ParsingStepStats> full;

  @BeforeAll
  static void generateAndTrain() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(11)).generate(tmp.resolve("synth"));
    train = Lip.read(tmp.resolve("synth/lip"), "train").subList(0, 4);
    val = Lip.read(tmp.resolve("synth/lip"), "val");
    full = trainer(tinyConfig(), options(tmp.resolve("full")), EvaluationPlan.onlyAtEnd().withBefore(true))
        .train(train, val);
  }

  static ParsingTrainConfig tinyConfig() {
    SwinConfig arch = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withWindowSize(4);
    return ParsingTrainConfig.release(arch).toBuilder().crop(48, 32).batchSize(2).epochs(3, 1, 2, 1, 0.01).seed(3)
        .build();
  }

  static ParsingTrainer trainer(ParsingTrainConfig config, TrainingOptions options, EvaluationPlan plan) {
    return new ParsingTrainer(config, options, plan.withBatchSize(2),
        new ParsingPredictor.Options(List.of(1.0), true, true, 1));
  }

  static TrainingOptions options(Path out) {
    return TrainingOptions.builder(out).workers(2).build();
  }

  /** All values, exactly (INDArray.equals allows a 1e-5 difference). */
  static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static List<Double> losses(List<ParsingStepStats> steps) {
    return steps.stream().map(ParsingStepStats::loss).toList();
  }

  private static void assertSameValues(Map<String, INDArray> actual, Map<String, INDArray> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    List<String> differing = new ArrayList<>();
    expected.forEach((k, v) -> {
      if (!Arrays.equals(values(actual.get(k)), values(v))) {
        differing.add(k);
      }
    });
    assertThat(differing).as("arrays that differ (of " + expected.size() + ")").isEmpty();
  }

  @Test
  void runsTheSelfCorrectionCyclesWithSoftTargets() {
    assertThat(full.steps()).hasSize(6);
    assertThat(full.run().cycles()).isEqualTo(2);
    assertThat(full.steps().stream().map(ParsingStepStats::cycle).toList()).containsExactly(0, 0, 0, 0, 1, 1);
    assertThat(full.steps().get(0).terms()).containsKeys("ce_parsing", "ce_fusion", "lovasz_parsing", "edge");
    assertThat(full.steps().get(5).terms()).containsKeys("kl_parsing", "kl_fusion").doesNotContainKey("ce_parsing");
    // the release's schedule shape: warm-up epoch at η_min = lr/500, then the cyclical part at lr/2
    assertThat(full.steps().stream().map(ParsingStepStats::lr).toList())
        .containsExactly(2e-5, 2e-5, 0.01, 0.01, 0.005, 0.005);
  }

  @Test
  void resumedRunRepeatsTheUninterruptedRunExactly() throws Exception {
    Path out = tmp.resolve("resumed");
    // stop in epoch 2, after the first cycle: the SCHP model and its cycle count are in the checkpoint
    TrainingResult<ParsingTraining, ParsingStepStats> first = trainer(tinyConfig(),
        options(out).toBuilder().maxIterations(5).build(), EvaluationPlan.none()).train(train, val);
    assertThat(first.steps()).hasSize(5);
    ParsingCheckpoint.Restored restored = ParsingCheckpoint.read(out.resolve(RunFolder.CHECKPOINT));
    assertThat(restored.next()).isEqualTo(new Position(2, 1, 5));
    assertThat(restored.run().cycles()).isEqualTo(1);
    TrainingResult<ParsingTraining, ParsingStepStats> rest = trainer(tinyConfig().toBuilder().seed(99).build(),
        options(out).toBuilder().resume(true).build(), EvaluationPlan.none()).train(train, val);
    List<Double> joined = new ArrayList<>(losses(first.steps()));
    joined.addAll(losses(rest.steps()));
    assertThat(joined).containsExactlyElementsOf(losses(full.steps()));
    assertThat(rest.run().config().seed()).isEqualTo(3); // the checkpoint's configuration wins
    assertSameValues(rest.run().model().stateDict(), full.run().model().stateDict());
    assertSameValues(rest.run().schp().stateDict(), full.run().schp().stateDict());
    assertThat(rest.run().cycles()).isEqualTo(2);
  }

  @Test
  void frozenAndUnreachedParametersStayAndTheRestMoves() throws Exception {
    Map<String, INDArray> before = ParsingTraining.create(tinyConfig()).model().stateDict();
    List<String> unmoved = new ArrayList<>();
    full.run().model().stateDict().forEach((k, v) -> {
      if (Arrays.equals(values(v), values(before.get(k)))) {
        unmoved.add(k);
      }
    });
    List<String> expected = before.keySet().stream()
        .filter(k -> k.contains("patch_embed") || !ParsingTraining.reachedByLoss(k)).toList();
    assertThat(expected).hasSize(4 + 4); // patch_embed.{projection,norm}.*, semantic_embed_{w,b}.3.*
    assertThat(unmoved).containsExactlyInAnyOrderElementsOf(expected);
    // six training-mode steps, then the SCHP model's counters: reset at the copy, 2 + 2 re-estimation batches
    assertThat(full.run().model().head().array("fushion.1.num_batches_tracked").getLong(0)).isEqualTo(6);
    assertThat(full.run().schp().head().array("fushion.1.num_batches_tracked").getLong(0)).isEqualTo(4);
  }

  @Test
  void writesReleaseLayoutModelsLogAndMetrics() throws Exception {
    Path out = tmp.resolve("full");
    try (StateDict m = Checkpoints.read(out.resolve(ParsingCheckpoint.MODEL));
        StateDict s = Checkpoints.read(out.resolve(ParsingCheckpoint.SCHP_MODEL))) {
      assertThat(m.values().get("epoch")).isEqualTo(3L);
      assertThat(s.values().get("cycle_n")).isEqualTo(2L);
      assertThat(m.tensors().keySet()).allMatch(k -> k.startsWith("state_dict.module."))
          .contains("state_dict.module.fushion.4.weight", "state_dict.module.edge.conv5.bias",
              "state_dict.module.stages.0.blocks.0.attn.w_msa.relative_position_index");
    }
    assertSameValues(ParsingModel.read(out.resolve(ParsingCheckpoint.MODEL)).stateDict(),
        full.run().model().stateDict());
    assertSameValues(ParsingModel.read(out.resolve(ParsingCheckpoint.SCHP_MODEL)).stateDict(),
        full.run().schp().stateDict());
    ParsingEvaluation e = (ParsingEvaluation) full.evaluation();
    assertThat(full.initial()).isNotNull();
    JsonNode metrics = new ObjectMapper().readTree(out.resolve(RunFolder.METRICS).toFile());
    assertThat(metrics.get("epoch").asInt()).isEqualTo(3);
    assertThat(metrics.get("mIoU").asDouble()).isEqualTo(e.toJson().get("mIoU"));
    assertThat(metrics.get("per_class_IoU")).hasSize(20);
    assertThat(out.resolve(RunFolder.METRICS_INITIAL)).exists();
    List<String> lines = Files.readAllLines(out.resolve(RunFolder.LOG));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"iter\"") && l.contains("\"kl_fusion\""));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"eval\""));
    JsonNode run = new ObjectMapper().readTree(out.resolve(RunFolder.RUN_RECORD).toFile()).get("invocations").get(0);
    assertThat(run.get("config").get("batchSize").asInt()).isEqualTo(2);
    assertThat(run.get("data").get("train_images").asInt()).isEqualTo(4);
  }

  @Test
  void nonFiniteLossNamesTheTermAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path out = tmp.resolve("nan");
    ParsingTrainer trainer = trainer(tinyConfig(), options(out), EvaluationPlan.none());
    ParsingTraining[] seen = new ParsingTraining[1];
    trainer.addListener(new TrainingListener<ParsingTraining, ParsingStepStats>() {
      @Override
      public void onStep(ParsingTraining run, ParsingStepStats stats) {
        seen[0] = run;
      }

      @Override
      public void onEpoch(int epoch, boolean complete, Map<String, Double> averages) {
        seen[0].model().head().array("decoder.conv4.bias").putScalar(0, Float.NaN);
      }
    });
    assertThatThrownBy(() -> trainer.train(train, val)).isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("loss term 'ce_parsing' is NaN at iteration 2");
    ParsingCheckpoint.Restored r = ParsingCheckpoint.read(out.resolve(RunFolder.CHECKPOINT));
    assertThat(r.next()).isEqualTo(new Position(1, 0, 2));
    assertThat(r.run().model().head().array("decoder.conv4.bias").getDouble(0)).isFinite();
  }

  @Test
  void emptySplitsAndOtherCheckpointsAreClearErrors() throws Exception {
    assertThatThrownBy(() -> trainer(tinyConfig(), options(tmp.resolve("e")), EvaluationPlan.none())
        .train(List.of(), val)).isInstanceOf(IllegalArgumentException.class).hasMessage("LIP: no training images");
    assertThatThrownBy(() -> trainer(tinyConfig(), options(tmp.resolve("e2")), EvaluationPlan.onlyAtEnd())
        .train(train, List.of())).hasMessage("LIP: no validation images to evaluate on");
    Path bad = tmp.resolve("bad.pth");
    io.solider.nn.checkpoint.TorchCheckpointWriter.write(Map.of("x", 1), bad);
    assertThatThrownBy(() -> ParsingCheckpoint.read(bad)).hasMessageContaining("not a solider-dl4j training checkpoint");
  }
}
