package io.solider.tasks.detection.train;

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
import io.solider.tasks.detection.CspDetector;
import io.solider.tasks.detection.data.CityPersons;
import io.solider.tasks.detection.head.CspModel;
import io.solider.tasks.detection.metric.DetectionJson;
import io.solider.tasks.detection.metric.MissRateEvaluation;
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

/** The CSP trainer end to end on the tiny synthetic CityPersons set with a tiny Swin. */
class CspTrainerTest {

  @TempDir static Path tmp;
  static CspTrainer.Data data;
  /** Two epochs, evaluated before and after: shared by several tests. */
  static TrainingResult<CspTraining, CspStepStats> full;

  @BeforeAll
  static void generateAndTrain() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(7)).generate(tmp.resolve("synth"));
    Path root = tmp.resolve("synth/citypersons");
    data = new CspTrainer.Data("tiny", CityPersons.read(root, "train"), CityPersons.read(root, "val"),
        DetectionJson.cityPersonsGroundTruth(root, "val"));
    full = trainer(tinyConfig(), options(tmp.resolve("full")), EvaluationPlan.onlyAtEnd().withBefore(true)).train(data);
  }

  static CspTrainConfig tinyConfig() {
    SwinConfig arch = SwinConfig.of(16, List.of(1, 1, 1, 1), List.of(1, 2, 2, 4)).withWindowSize(4)
        .withDropPathRate(0.1);
    return CspTrainConfig.release(arch).toBuilder().widths(8, 32).crop(64, 128).testScale(64, 128).batch(2)
        .epochs(2, List.of(1)).warmup(1, 1.0 / 3).lr(1e-3).seed(5).build();
  }

  static CspTrainer trainer(CspTrainConfig config, TrainingOptions options, EvaluationPlan plan) {
    return new CspTrainer(config, options, plan, CspDetector.Config.release());
  }

  static TrainingOptions options(Path out) {
    return TrainingOptions.builder(out).workers(2).build();
  }

  /** All values, exactly (INDArray.equals allows a 1e-5 difference). */
  static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static List<Double> losses(List<CspStepStats> steps) {
    return steps.stream().map(CspStepStats::loss).toList();
  }

  @Test
  void resumedRunRepeatsTheUninterruptedRunExactly() throws Exception {
    int perEpoch = (data.train().size() + 1) / 2;
    assertThat(perEpoch).isGreaterThanOrEqualTo(2);
    assertThat(full.steps()).hasSize(2 * perEpoch);

    Path out = tmp.resolve("resumed");
    TrainingResult<CspTraining, CspStepStats> first = trainer(tinyConfig(),
        options(out).toBuilder().maxIterations(1).build(), EvaluationPlan.none()).train(data);
    assertThat(first.steps()).hasSize(1); // stops mid-epoch
    assertThat(CspCheckpoint.read(out.resolve(RunFolder.CHECKPOINT)).next()).isEqualTo(new Position(0, 1, 1));
    TrainingResult<CspTraining, CspStepStats> rest = trainer(tinyConfig().toBuilder().lr(123).build(),
        options(out).toBuilder().resume(true).build(), EvaluationPlan.none()).train(data);
    List<Double> joined = new ArrayList<>(losses(first.steps()));
    joined.addAll(losses(rest.steps()));
    assertThat(joined).containsExactlyElementsOf(losses(full.steps()));
    assertThat(rest.run().config().optimizer().lr()).isEqualTo(1e-3); // the checkpoint's configuration wins
    Map<String, INDArray> a = full.run().model().stateDict();
    Map<String, INDArray> b = rest.run().model().stateDict();
    assertThat(b.keySet()).containsExactlyInAnyOrderElementsOf(a.keySet());
    a.forEach((k, v) -> assertThat(values(b.get(k))).as(k).containsExactly(values(v)));
    Map<String, INDArray> ta = full.run().teacher();
    Map<String, INDArray> tb = rest.run().teacher();
    ta.forEach((k, v) -> assertThat(values(tb.get(k))).as("teacher " + k).containsExactly(values(v)));
  }

  @Test
  void everyReachedParameterMovesAndTheMeanTeacherLagsBehind() throws Exception {
    CspTraining fresh = CspTraining.create(tinyConfig(), 1);
    Map<String, INDArray> before = fresh.model().stateDict();
    Map<String, INDArray> after = full.run().model().stateDict();
    Map<String, INDArray> teacher = full.run().teacher();
    List<String> unmoved = new ArrayList<>();
    for (String k : before.keySet()) {
      if (Arrays.equals(values(before.get(k)), values(after.get(k)))) {
        unmoved.add(k);
      }
    }
    // torch leaves the gradient of the last stage's semantic controller None (the neck reads the
    // stage's output norm, which the controller does not modulate), so Adam skips it.
    assertThat(unmoved).isNotEmpty().allMatch(k -> k.startsWith("backbone.semantic_embed_w.3.")
        || k.startsWith("backbone.semantic_embed_b.3."));
    // t = α t + (1 − α) s after every step from the second on: between the start and the student
    String k = "bbox_head.csp_cls.weight";
    double s0 = values(before.get(k))[0];
    double s = values(after.get(k))[0];
    double t = values(teacher.get(k))[0];
    assertThat(t).isNotEqualTo(s);
    assertThat(Math.abs(t - s0)).isLessThan(Math.abs(s - s0));
  }

  @Test
  void writesReleaseLayoutModelsLogAndMetrics() throws Exception {
    Path out = tmp.resolve("full");
    MissRateEvaluation e = (MissRateEvaluation) full.evaluation();
    assertThat(full.initial()).isNotNull();
    assertThat(e.missRates().keySet()).containsExactly("Reasonable", "Reasonable_small", "Reasonable_occ=heavy", "All");
    try (StateDict sd = Checkpoints.read(out.resolve(CspCheckpoint.MODEL))) {
      assertThat(sd.tensors().keySet()).allMatch(key -> key.startsWith("state_dict.") || key.startsWith("meta."))
          .contains("state_dict.backbone.patch_embed.projection.weight", "state_dict.neck.p3.weight",
              "state_dict.bbox_head.csp_cls.bias");
    }
    CspModel teacher = CspModel.fromCheckpoint(out.resolve(CspCheckpoint.TEACHER));
    Map<String, INDArray> live = full.run().teacher();
    teacher.stateDict().forEach((key, v) -> assertThat(values(v)).as(key).containsExactly(values(live.get(key))));
    JsonNode m = new ObjectMapper().readTree(out.resolve(RunFolder.METRICS).toFile());
    assertThat(m.get("epoch").asInt()).isEqualTo(2);
    assertThat(m.get("Reasonable").asDouble()).isEqualTo(e.missRate("Reasonable"));
    assertThat(out.resolve(RunFolder.METRICS_INITIAL)).exists();
    List<String> lines = Files.readAllLines(out.resolve(RunFolder.LOG));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"iter\"") && l.contains("\"loss_cls\"")
        && l.contains("\"loss_bbox\"") && l.contains("\"loss_offset\""));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"eval\""));
  }

  @Test
  void scheduleIsTheStepPolicyWithConstantWarmup() {
    CspTrainConfig c = CspTrainConfig.release(SwinConfig.tiny());
    double[] lr = CspTraining.schedule(c, 100);
    assertThat(lr).hasSize(240 * 100);
    assertThat(lr[0]).isEqualTo(1e-4 / 3);
    assertThat(lr[499]).isEqualTo(1e-4 / 3);
    assertThat(lr[500]).isEqualTo(1e-4);
    assertThat(lr[110 * 100 - 1]).isEqualTo(1e-4);
    assertThat(lr[110 * 100]).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-18));
    assertThat(lr[160 * 100]).isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-18));
  }

  @Test
  void nonFiniteLossNamesTheTermAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path out = tmp.resolve("nan");
    CspTrainer trainer = trainer(tinyConfig(), options(out), EvaluationPlan.none());
    CspTraining[] seen = new CspTraining[1];
    trainer.addListener(new TrainingListener<CspTraining, CspStepStats>() {
      @Override
      public void onStep(CspTraining run, CspStepStats stats) {
        seen[0] = run;
      }

      @Override
      public void onEpoch(int epoch, boolean complete, Map<String, Double> averages) {
        seen[0].model().head().array("bbox_head.csp_cls.bias").putScalar(0, Float.NaN);
      }
    });
    int perEpoch = (data.train().size() + 1) / 2;
    assertThatThrownBy(() -> trainer.train(data)).isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("loss term 'loss_cls' is NaN at iteration " + perEpoch);
    CspCheckpoint.Restored r = CspCheckpoint.read(out.resolve(RunFolder.CHECKPOINT));
    assertThat(r.next()).isEqualTo(new Position(1, 0, perEpoch));
    assertThat(r.run().model().head().array("bbox_head.csp_cls.bias").getDouble(0)).isFinite();
  }

  @Test
  void emptySplitsAreClearErrors() {
    CspTrainer.Data noTrain = new CspTrainer.Data("x", List.of(), data.val(), data.groundTruth());
    assertThatThrownBy(() -> trainer(tinyConfig(), options(tmp.resolve("e1")), EvaluationPlan.none()).train(noTrain))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("x: no training images");
    CspTrainer.Data noVal = new CspTrainer.Data("x", data.train(), List.of(), data.groundTruth());
    assertThatThrownBy(() -> trainer(tinyConfig(), options(tmp.resolve("e2")), EvaluationPlan.onlyAtEnd()).train(noVal))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("x: no validation images to evaluate on");
  }
}
