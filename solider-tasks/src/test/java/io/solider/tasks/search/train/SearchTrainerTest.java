package io.solider.tasks.search.train;

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
import io.solider.tasks.search.data.Prw;
import io.solider.tasks.search.data.SearchDataset;
import io.solider.tasks.search.head.ProposalFilter;
import io.solider.tasks.search.head.SearchModel;
import io.solider.tasks.search.head.SearchPostProcess;
import io.solider.tasks.search.metric.SearchEvaluation;
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

/** The person-search trainer end to end on the tiny synthetic PRW set with a tiny Swin and small scenes. */
class SearchTrainerTest {

  @TempDir static Path tmp;
  static SearchDataset data;
  /** Two epochs of 3 steps, evaluated before and after. */
  static TrainingResult<SearchTraining, SearchStepStats> full;

  @BeforeAll
  static void generateAndTrain() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(7)).generate(tmp.resolve("synth"));
    data = Prw.read(tmp.resolve("synth/prw"));
    full = new SearchTrainer(tinyConfig(), options(tmp.resolve("full")), EvaluationPlan.onlyAtEnd().withBefore(true))
        .train(data);
  }

  static SearchTrainConfig tinyConfig() {
    SwinConfig arch = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withWindowSize(4);
    return SearchTrainConfig.release(SearchTrainConfig.Dataset.PRW, arch).toBuilder()
        .input(new SearchTrainConfig.Input(96, 160, 4))
        .detector(new SearchTrainConfig.Detector(new ProposalFilter(300, 40, 0.7, 1e-3),
            new ProposalFilter(300, 30, 0.7, 1e-3), 32, 16, SearchPostProcess.seqNet()))
        .schedule(new SearchTrainConfig.Schedule(2, new int[] {1}, 0.1, 1e-3))
        .lr(0.01).oimSizes(60, 20).seed(5).build();
  }

  static TrainingOptions options(Path out) {
    return TrainingOptions.builder(out).workers(2).build();
  }

  /** All values, exactly. */
  static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static List<Double> losses(List<SearchStepStats> steps) {
    return steps.stream().map(SearchStepStats::loss).toList();
  }

  @Test
  void resumedRunRepeatsTheUninterruptedLossCurveExactly() throws Exception {
    assertThat(full.steps()).hasSize(6); // 12 training scenes / batch 4 = 3 steps per epoch
    Path out = tmp.resolve("resumed");
    TrainingResult<SearchTraining, SearchStepStats> first = new SearchTrainer(tinyConfig(),
        options(out).toBuilder().maxIterations(2).build(), EvaluationPlan.none()).train(data);
    assertThat(first.steps()).hasSize(2);
    TrainingResult<SearchTraining, SearchStepStats> rest = new SearchTrainer(tinyConfig().toBuilder().lr(123).build(),
        options(out).toBuilder().resume(true).build(), EvaluationPlan.none()).train(data);
    List<Double> joined = new ArrayList<>(losses(first.steps()));
    joined.addAll(losses(rest.steps()));
    assertThat(joined).containsExactlyElementsOf(losses(full.steps()));
    assertThat(rest.run().config().optimizer().lr()).isEqualTo(0.01);
    Map<String, INDArray> a = full.run().model().stateDict();
    Map<String, INDArray> b = rest.run().model().stateDict();
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    a.forEach((k, v) -> assertThat(values(b.get(k))).as(k).containsExactly(values(v)));
    assertThat(rest.run().model().oim().header()).isEqualTo(full.run().model().oim().header());
  }

  @Test
  void writesReleaseLayoutModelLogAndMetrics() throws Exception {
    Path out = tmp.resolve("full");
    assertThat(full.initial()).isNotNull();
    SearchEvaluation e = (SearchEvaluation) full.evaluation();
    assertThat(e.mAP()).isBetween(0.0, 1.0);
    try (StateDict sd = Checkpoints.read(out.resolve(SearchCheckpoint.MODEL))) {
      List<String> keys = new ArrayList<>(sd.tensors().keySet());
      assertThat(keys).contains("model.backbone.swin.patch_embed.projection.weight",
          "model.roi_heads.box_head.swin.stages.3.blocks.0.attn.w_msa.qkv.weight",
          "model.roi_heads.reid_head.swin.norm3.weight", "model.rpn.head.conv.weight",
          "model.rpn.head.cls_logits.bias", "model.roi_heads.box_predictor.bbox_pred.1.running_var",
          "model.roi_heads.embedding_head.projectors.feat_res5.0.weight",
          "model.roi_heads.embedding_head.rescaler.num_batches_tracked", "model.roi_heads.reid_loss.lut",
          "model.roi_heads.reid_loss.cq", "model.roi_heads.faster_rcnn_predictor.bbox_pred.weight");
      assertThat(sd.tensors().get("model.roi_heads.reid_loss.lut").shape()).containsExactly(60, 256);
      assertThat(sd.tensors().get("model.roi_heads.embedding_head.rescaler.num_batches_tracked")
          .toINDArray(DataType.LONG).getLong(0)).isEqualTo(full.steps().size());
    }
    SearchModel reloaded = SearchModel.fromCheckpoint(out.resolve(SearchCheckpoint.MODEL));
    Map<String, INDArray> live = full.run().model().stateDict();
    reloaded.stateDict().forEach((k, v) -> assertThat(values(v)).as(k).containsExactly(values(live.get(k))));
    JsonNode m = new ObjectMapper().readTree(out.resolve(RunFolder.METRICS).toFile());
    assertThat(m.get("epoch").asInt()).isEqualTo(2);
    assertThat(m.get("mAP").asDouble()).isEqualTo(e.mAP());
    assertThat(m.get("detection").get("ap").asDouble()).isEqualTo(e.detectionAp());
    assertThat(Files.exists(out.resolve(RunFolder.METRICS_INITIAL))).isTrue();
    for (String f : List.of("gallery.json", "queries.json", "detections.json", "det.npy", "q.npy", "metrics.json")) {
      assertThat(out.resolve("eval").resolve(f)).exists();
    }
    List<String> lines = Files.readAllLines(out.resolve(RunFolder.LOG));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"iter\"") && l.contains("\"loss_box_reid\""));
  }

  @Test
  void updatesExactlyTheParametersTheLossReaches() throws Exception {
    Map<String, INDArray> before = SearchTraining.create(tinyConfig(), 3).model().parameters();
    List<String> unmoved = new ArrayList<>();
    full.run().model().parameters().forEach((k, v) -> {
      if (java.util.Arrays.equals(values(v), values(before.get(k)))) {
        unmoved.add(k);
      }
    });
    List<String> expected = before.keySet().stream().filter(k -> k.startsWith(SearchModel.TRUNK)
        ? !SearchTraining.trunkReached(k.substring(SearchModel.TRUNK.length()))
        : k.startsWith(SearchModel.REID_HEAD) && !SearchTraining.reidHeadReached(k.substring(SearchModel.REID_HEAD.length())))
        .toList();
    assertThat(expected).contains(SearchModel.TRUNK + "norm0.weight", SearchModel.REID_HEAD + "patch_embed.projection.weight");
    assertThat(unmoved).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void nonFiniteLossNamesTheTermAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path out = tmp.resolve("nan");
    SearchTrainer trainer = new SearchTrainer(tinyConfig(), options(out), EvaluationPlan.none());
    SearchTraining[] seen = new SearchTraining[1];
    trainer.addListener(new TrainingListener<SearchTraining, SearchStepStats>() {
      @Override
      public void onStep(SearchTraining run, SearchStepStats stats) {
        seen[0] = run;
      }

      @Override
      public void onEpoch(int epoch, boolean complete, Map<String, Double> averages) {
        seen[0].model().heads().array("rpn.head.cls_logits.bias").putScalar(0, Float.NaN);
      }
    });
    assertThatThrownBy(() -> trainer.train(data)).isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("loss term 'loss_rpn_cls' is NaN at iteration 3");
    SearchCheckpoint.Restored r = SearchCheckpoint.read(out.resolve(RunFolder.CHECKPOINT), c -> 3);
    assertThat(r.next()).isEqualTo(new Position(1, 0, 3));
    assertThat(r.run().model().heads().array("rpn.head.cls_logits.bias").getDouble(0)).isFinite();
  }
}
