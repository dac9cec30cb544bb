package io.solider.tasks.attribute.train;

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
import io.solider.nn.train.TrainingCheckpoint;
import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.attribute.data.AttributeDataset;
import io.solider.tasks.attribute.data.AttributeDatasets;
import io.solider.tasks.attribute.data.Pa100kAttributes;
import io.solider.tasks.attribute.loss.WeightedBceLoss;
import io.solider.tasks.attribute.metric.AttributeEvaluation;
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
 * The attribute trainer end to end on the tiny synthetic PA-100K set (24 train + 3 val images
 * for training, 3 test images) with a tiny Swin at 64×32, batch 4 (6 steps per epoch, 3 images
 * dropped), three epochs, learning rates raised so that the plateau fires (patience 0).
 */
class AttributeTrainerTest {

  @TempDir static Path tmp;
  static AttributeDataset data;
  /** The uninterrupted run, evaluated before and after: shared by several tests. */
  static TrainingResult<AttributeTraining, AttributeStepStats> full;

  @BeforeAll
  static void generateAndTrain() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(7)).generate(tmp.resolve("synth"));
    data = AttributeDatasets.read(tmp.resolve("synth/pa100k"));
    full = new AttributeTrainer(tinyConfig(), options(tmp.resolve("full")),
        EvaluationPlan.onlyAtEnd().withBefore(true).withEvery(1)).train(data);
  }

  static AttributeTrainConfig tinyConfig() {
    SwinConfig arch = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withWindowSize(4);
    AttributeTrainConfig release = AttributeTrainConfig.release(arch);
    AttributeTrainConfig.Schedule s = release.schedule();
    return release.toBuilder().input(64, 32).batchSize(4).learningRates(3e-3, 1e-2).clipNorm(1).seed(5)
        .schedule(new AttributeTrainConfig.Schedule(3, s.kind(), s.factor(), 0, s.milestones())).build();
  }

  static TrainingOptions options(Path out) {
    return TrainingOptions.builder(out).workers(2).build();
  }

  /** All values, exactly. */
  static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static List<Double> losses(List<AttributeStepStats> steps) {
    return steps.stream().map(AttributeStepStats::loss).toList();
  }

  @Test
  void theRecipeIsTheReleasesPa100kConfig() {
    AttributeTrainConfig c = AttributeTrainConfig.release(SwinConfig.tiny());
    assertThat(c.model().semanticWeight()).isEqualTo(0.8);
    assertThat(c.model().arch().dropPathRate()).isZero();
    assertThat(c.model().trainBackbone()).isTrue();
    assertThat(c.input().toString()).isEqualTo("256x128");
    assertThat(c.batchSize()).isEqualTo(64);
    assertThat(c.optimizer()).isEqualTo(new AttributeTrainConfig.Optimizer(0.9, 0.999, 1e-8, 1e-5, 1e-5, 0, 10));
    assertThat(c.schedule().epochs()).isEqualTo(30);
    assertThat(c.schedule().kind()).isEqualTo(AttributeTrainConfig.ScheduleKind.PLATEAU);
    assertThat(c.schedule().factor()).isEqualTo(0.1);
    assertThat(c.schedule().patience()).isEqualTo(4);
    assertThat(c.augmentation()).isEqualTo(new AttributeTrainConfig.Augmentation(10, 0.5));
    AttributeTrainConfig peta = AttributeTrainConfig.releasePeta(SwinConfig.tiny());
    assertThat(peta.input().toString()).isEqualTo("256x192");
    assertThat(peta.optimizer().weightDecay()).isEqualTo(5e-4);
    assertThat(peta.schedule().kind()).isEqualTo(AttributeTrainConfig.ScheduleKind.MULTISTEP);
    assertThat(peta.schedule().milestones()).containsExactly(10, 15);
    AttributeTrainConfig rap = AttributeTrainConfig.releaseRap(SwinConfig.tiny());
    assertThat(rap.schedule().kind()).isEqualTo(AttributeTrainConfig.ScheduleKind.PLATEAU);
    assertThat(rap.optimizer().weightDecay()).isEqualTo(5e-4);
    assertThat(rap.input().toString()).isEqualTo("256x192");
  }

  @Test
  void resumedRunRepeatsTheUninterruptedRunExactly() throws Exception {
    assertThat(full.steps()).hasSize(18); // 27 training images → 6 batches of 4 per epoch, 3 epochs
    // the plateau fired in the uninterrupted run, so the resumed runs must restore its state
    assertThat(full.run().plateau().lr(AttributeTraining.HEAD_GROUP)).isLessThan(1e-2);

    Path out = tmp.resolve("resumed");
    TrainingResult<AttributeTraining, AttributeStepStats> first = new AttributeTrainer(tinyConfig(),
        options(out).toBuilder().maxIterations(3).build(), EvaluationPlan.none()).train(data);
    assertThat(first.steps()).hasSize(3); // stops mid-epoch 0
    assertThat(AttributeCheckpoint.read(out.resolve(RunFolder.CHECKPOINT)).next()).isEqualTo(new Position(0, 3, 3));
    AttributeTrainConfig other = tinyConfig().toBuilder().learningRates(1, 1).build();
    TrainingResult<AttributeTraining, AttributeStepStats> second = new AttributeTrainer(other,
        options(out).toBuilder().resume(true).maxIterations(10).build(), EvaluationPlan.none()).train(data);
    assertThat(second.steps()).hasSize(7); // through the end of epoch 0 (test pass, plateau, best) into epoch 1
    TrainingResult<AttributeTraining, AttributeStepStats> rest = new AttributeTrainer(other,
        options(out).toBuilder().resume(true).build(), EvaluationPlan.none()).train(data);
    List<Double> joined = new ArrayList<>(losses(first.steps()));
    joined.addAll(losses(second.steps()));
    joined.addAll(losses(rest.steps()));
    assertThat(joined).containsExactlyElementsOf(losses(full.steps()));
    // the checkpoint's configuration wins over the one passed on resume
    assertThat(rest.run().config().optimizer().headLr()).isEqualTo(1e-2);
    Map<String, INDArray> a = full.run().model().stateDict();
    Map<String, INDArray> b = rest.run().model().stateDict();
    // a backbone read from a checkpoint lists its keys in another order than a freshly built one
    assertThat(b.keySet()).containsExactlyInAnyOrderElementsOf(a.keySet());
    a.forEach((k, v) -> assertThat(values(b.get(k))).as(k).containsExactly(values(v)));
    assertThat(rest.run().plateau().state().lrs()).containsExactly(full.run().plateau().state().lrs());
    assertThat(rest.run().plateau().state().best()).isEqualTo(full.run().plateau().state().best());
    assertThat(rest.run().best().state()).isEqualTo(full.run().best().state());
    full.run().optimizer().expAvgSq().forEach((k, v) ->
        assertThat(values(rest.run().optimizer().expAvgSq().get(k))).as(k).containsExactly(values(v)));
  }

  @Test
  void exactlyTheParametersTheLossDoesNotReachStayUnchanged() throws Exception {
    AttributeTraining fresh = AttributeTraining.create(tinyConfig(), Pa100kAttributes.inReleaseOrder(data).attributes(),
        WeightedBceLoss.positiveRatio(data.trainval()));
    Map<String, INDArray> before = fresh.model().stateDict();
    List<String> unmoved = new ArrayList<>();
    full.run().model().stateDict().forEach((k, v) -> {
      if (Arrays.equals(values(v), values(before.get(k)))) {
        unmoved.add(k);
      }
    });
    // As torch leaves their gradient None and Adam skips them: stage 0–2 output norms and the last
    // stage's semantic modulation (4 tensors).
    List<String> expected = before.keySet().stream()
        .filter(k -> k.matches("backbone\\.norm[012]\\..*") || k.matches("backbone\\.semantic_embed_[wb]\\.3\\..*"))
        .toList();
    assertThat(expected).hasSize(6 + 4);
    assertThat(unmoved).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(full.run().optimizer().steps()).doesNotContainKeys(expected.toArray(String[]::new));
  }

  @Test
  void aLinearProbeTrainsTheHeadOnly() throws Exception {
    AttributeTrainConfig probe = tinyConfig().toBuilder().trainBackbone(false).epochs(1).build();
    TrainingResult<AttributeTraining, AttributeStepStats> r = new AttributeTrainer(probe, options(tmp.resolve("probe")),
        EvaluationPlan.none()).train(data);
    Map<String, INDArray> before = AttributeTraining.create(probe, r.run().attributes(),
        WeightedBceLoss.positiveRatio(data.trainval())).model().stateDict();
    r.run().model().stateDict().forEach((k, v) -> {
      boolean same = Arrays.equals(values(v), values(before.get(k)));
      assertThat(same).as(k).isEqualTo(k.startsWith(AttributeModel.BACKBONE));
    });
  }

  @Test
  void writesTheReleasesModelFilesLogAndMetrics() throws Exception {
    Path out = tmp.resolve("full");
    AttributeTraining run = full.run();
    // the release's attribute order for PA-100K: output 0 is Hat
    assertThat(run.attributes()).isEqualTo(Pa100kAttributes.releaseOrderNames());
    assertThat(Files.readAllLines(out.resolve(AttributeNames.FILE))).isEqualTo(run.attributes());
    try (StateDict sd = Checkpoints.read(out.resolve(AttributeTraining.MODEL))) {
      assertThat(sd.tensors().keySet()).isEqualTo(run.model().releaseStateDict().keySet());
      run.model().stateDict().forEach((k, v) -> {
        try {
          assertThat(values(sd.tensors().get(k).toINDArray(DataType.FLOAT))).as(k).containsExactly(values(v));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    // model_best.pth: the release's save_ckpt, holding the epoch of the best test mA; evaluating it
    // again gives exactly the mA it was kept for
    try (StateDict sd = Checkpoints.read(out.resolve(AttributeTraining.BEST_MODEL))) {
      assertThat(((Number) sd.values().get("metric")).doubleValue()).isEqualTo(run.best().value());
      assertThat((String) sd.values().get("epoch")).endsWith(" in epoch " + run.best().epoch());
    }
    AttributeModel best = AttributeModel.load(out.resolve(AttributeTraining.BEST_MODEL));
    AttributePredictor p = new AttributePredictor(new io.solider.nn.backbone.RecomputingBackbone(best.backbone(), 64, 32),
        best.head(), 0.8, 4);
    AttributeDataset ordered = Pa100kAttributes.inReleaseOrder(data);
    assertThat(p.predict(ordered.test(), run.transform(), null, "best").evaluate().mA()).isEqualTo(run.best().value());

    AttributeEvaluation e = (AttributeEvaluation) full.evaluation();
    JsonNode m = new ObjectMapper().readTree(out.resolve(RunFolder.METRICS).toFile());
    assertThat(m.get("epoch").asInt()).isEqualTo(3);
    assertThat(m.get("mA").asDouble()).isEqualTo(e.mA());
    List<String> keys = new ArrayList<>();
    m.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("epoch", "mA", "instance_acc", "instance_prec", "instance_recall", "instance_f1",
        "mean_label_f1", "mean_label_pos_recall", "mean_label_neg_recall", "label_acc", "label_ma", "label_pos_recall",
        "label_neg_recall", "label_prec", "label_f1", "error_num", "fn_num", "fp_num");
    assertThat(m.get("label_ma")).hasSize(26);
    // the last epoch's test pass is the final evaluation (no second pass over the test split)
    assertThat(e).isSameAs(run.lastTest().evaluation());
    assertThat(out.resolve(RunFolder.METRICS_INITIAL)).exists();
    assertThat(out.resolve("metrics_epoch1.json")).exists();
    List<String> lines = Files.readAllLines(out.resolve(RunFolder.LOG));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"iter\"") && l.contains("\"grad_norm\""));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"eval\"") && l.contains("\"mA\""));
    JsonNode inv = new ObjectMapper().readTree(out.resolve(RunFolder.RUN_RECORD).toFile()).get("invocations").get(0);
    assertThat(inv.get("config").get("optimizer").get("headLr").asDouble()).isEqualTo(1e-2);
    assertThat(inv.get("data").get("train_images").asInt()).isEqualTo(27);
  }

  @Test
  void thePlateauStepsOnTheTestSplitsMeanLoss() throws Exception {
    AttributeDataset ordered = Pa100kAttributes.inReleaseOrder(data);
    AttributeTraining run = AttributeTraining.create(tinyConfig(), ordered.attributes(),
        WeightedBceLoss.positiveRatio(ordered.trainval())).useTestSplit(ordered.test());
    run.onEpochEnd(0);
    double loss = run.predictor(4).predict(ordered.test(), run.transform(), run.loss(), "t").meanLoss();
    assertThat(run.plateau().state().best()).isEqualTo(loss);
    assertThat(run.plateau().state().lastEpoch()).isEqualTo(1);
    assertThat(run.lastTest().loss()).isEqualTo(loss);
    assertThat(run.best().epoch()).isZero();
  }

  @Test
  void nonFiniteLossNamesItAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path out = tmp.resolve("nan");
    AttributeTrainer trainer = new AttributeTrainer(tinyConfig().toBuilder().epochs(2).build(), options(out),
        EvaluationPlan.none());
    AttributeTraining[] seen = new AttributeTraining[1];
    trainer.addListener(new TrainingListener<AttributeTraining, AttributeStepStats>() {
      @Override
      public void onStep(AttributeTraining run, AttributeStepStats stats) {
        seen[0] = run;
      }

      @Override
      public void onEpoch(int epoch, boolean complete, Map<String, Double> averages) {
        seen[0].model().head().stateDict().get(io.solider.tasks.attribute.head.AttributeHead.BIAS).putScalar(0, Float.NaN);
      }
    });
    assertThatThrownBy(() -> trainer.train(data)).isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("loss term 'bce' is NaN at iteration 6");
    AttributeCheckpoint.Restored r = AttributeCheckpoint.read(out.resolve(RunFolder.CHECKPOINT));
    assertThat(r.next()).isEqualTo(new Position(1, 0, 6));
    assertThat(r.run().model().head().stateDict().get(io.solider.tasks.attribute.head.AttributeHead.BIAS).getDouble(0))
        .isFinite();
  }

  @Test
  void anotherTasksCheckpointAndBadSplitsAreClearErrors() throws Exception {
    Path folder = tmp.resolve("other");
    Files.createDirectories(folder);
    TrainingCheckpoint.write(folder.resolve(RunFolder.CHECKPOINT), "reid", 2, Position.START, 1, "{}", Map.of());
    assertThatThrownBy(() -> new AttributeTrainer(tinyConfig(), options(folder).toBuilder().resume(true).build(),
        EvaluationPlan.none()).train(data)).hasMessageContaining("a reid training checkpoint, not a attribute one");

    AttributeDataset noTest = new AttributeDataset("x", data.attributes(), data.train(), data.val(), List.of());
    assertThatThrownBy(() -> new AttributeTrainer(tinyConfig(), options(tmp.resolve("e1")), EvaluationPlan.none())
        .train(noTest)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test split 0");
    AttributeDataset tiny = new AttributeDataset("x", data.attributes(), data.train().subList(0, 3), List.of(),
        data.test());
    assertThatThrownBy(() -> new AttributeTrainer(tinyConfig(), options(tmp.resolve("e2")), EvaluationPlan.none())
        .train(tiny)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than one batch of 4");
  }
}
