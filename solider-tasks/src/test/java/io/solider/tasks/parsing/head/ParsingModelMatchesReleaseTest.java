package io.solider.tasks.parsing.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.io.Npy;
import io.solider.tasks.parsing.ParsingReference;
import io.solider.tasks.parsing.data.ParsingBatch;
import io.solider.tasks.parsing.loss.SchpCriterion;
import io.solider.tasks.parsing.loss.SchpLossWeights;
import io.solider.tasks.parsing.train.ParsingGradients;
import io.solider.tasks.parsing.train.SchpTeacher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parsing model against the release's own model and training code
 * ({@code parsing/make_model_reference.py}: SOLIDER-HumanParsing's SwinTransformer with a small
 * backbone and a 32-channel PSP, CriterionAll, moving_average, bn_re_estimate): its files load,
 * inference outputs, a training step's loss and gradients at cycle 0 and 1 (SCHP soft targets from
 * a training-mode SCHP model), the running statistics after the step, and one self-correction
 * cycle's parameter average and re-estimated statistics.
 */
class ParsingModelMatchesReleaseTest {

  private static final Logger log = LoggerFactory.getLogger(ParsingModelMatchesReleaseTest.class);

  /**
   * Measured, relative to the largest value: outputs ≤ 9.4e-7, gradients ≤ 7.2e-6 (cycle 0) and
   * 1.6e-5 (cycle 1), SCHP outputs ≤ 5.8e-6, re-estimated statistics ≤ 7.4e-7; loss 8e-8.
   */
  private static final double TOLERANCE = 2e-5;

  static JsonNode ref;
  static ParsingModel model;

  @BeforeAll
  static void load() throws IOException {
    ref = ParsingReference.json("model/reference.json");
    model = ParsingModel.read(ParsingReference.path("model/release_model.pth.tar"));
  }

  static INDArray npy(String name) {
    try {
      return Npy.read(ParsingReference.path("model/" + name + ".npy"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** max |a − b| / max |b|. */
  static double relativeError(INDArray actual, INDArray expected) {
    INDArray a = actual.castTo(DataType.DOUBLE);
    INDArray b = expected.castTo(DataType.DOUBLE).reshape(a.shape());
    double scale = Math.max(b.amaxNumber().doubleValue(), 1e-30);
    return a.sub(b).amaxNumber().doubleValue() / scale;
  }

  static ParsingBatch batch() {
    INDArray x = npy("images");
    float[] images = x.castTo(DataType.FLOAT).dup('c').data().asFloat();
    int[] labels = npy("labels").dup('c').data().asInt();
    return new ParsingBatch((int) x.size(0), (int) x.size(2), (int) x.size(3), images, labels);
  }

  @Test
  void releaseFilesLoadWithEveryKey() throws IOException {
    List<String> keys = new ArrayList<>();
    ref.get("keys").forEach(k -> keys.add(k.asText()));
    List<String> ours = new ArrayList<>(model.stateDict().keySet());
    List<String> expected = keys.stream().filter(k -> !k.endsWith("relative_position_index")).toList();
    assertThat(ours).containsExactlyElementsOf(expected);
    assertThat(model.backbone().config().strides()).containsExactly(4, 2, 2, 1);
    assertThat(model.spec()).isEqualTo(new SchpHead.Spec(8, 20, 32));
    ParsingModel schp = ParsingModel.read(ParsingReference.path("model/release_schp.pth.tar"));
    assertThat(schp.stateDict().keySet()).containsExactlyElementsOf(expected);
  }

  @Test
  void swinTinyAndBaseModelsHaveTheReleaseKeysAndShapes() {
    JsonNode release = ParsingReference.json("model/release_keys.json");
    for (String arch : List.of("tiny", "base")) {
      SwinConfig config = SwinConfig.named(arch);
      ParsingModel m = ParsingModel.create(io.solider.nn.backbone.Backbone.initialized(config, 0),
          SchpHead.Spec.release(config), 0);
      Map<String, List<Long>> ours = new LinkedHashMap<>();
      m.releaseStateDict().forEach((k, v) -> ours.put(k.substring(ParsingModel.MODULE.length()),
          java.util.Arrays.stream(v.shape()).boxed().toList()));
      Map<String, List<Long>> theirs = new LinkedHashMap<>();
      release.get("swin_" + arch).fields().forEachRemaining(e -> {
        List<Long> shape = new ArrayList<>();
        e.getValue().forEach(d -> shape.add(d.asLong()));
        theirs.put(e.getKey(), shape);
      });
      assertThat(ours.keySet()).as(arch).containsExactlyElementsOf(theirs.keySet());
      assertThat(ours).as(arch).isEqualTo(theirs);
    }
  }

  @Test
  void writtenFilesHaveTheReleaseLayout(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("model.pth");
    model.write(file, 7);
    try (StateDict written = Checkpoints.read(file);
        StateDict release = Checkpoints.read(ParsingReference.path("model/release_model.pth.tar"))) {
      assertThat(written.tensors().keySet()).containsExactlyElementsOf(release.tensors().keySet());
      assertThat(written.values().get("epoch")).isEqualTo(7L);
      for (String k : release.tensors().keySet()) {
        var w = written.tensors().get(k);
        var r = release.tensors().get(k);
        assertThat(w.shape()).as(k).containsExactly(r.shape());
        assertThat(w.dtype()).as(k).isEqualTo(r.dtype());
        if (k.endsWith("relative_position_index") || k.endsWith("num_batches_tracked")) {
          assertThat(w.toINDArray(DataType.LONG)).as(k).isEqualTo(r.toINDArray(DataType.LONG));
        }
      }
    }
    ParsingModel back = ParsingModel.read(file);
    back.stateDict().forEach((k, v) -> assertThat(v.castTo(DataType.DOUBLE))
        .as(k).isEqualTo(model.stateDict().get(k).castTo(DataType.DOUBLE)));
    Path schp = dir.resolve("schp.pth");
    model.writeSchp(schp, 2);
    try (StateDict written = Checkpoints.read(schp)) {
      assertThat(written.values().get("cycle_n")).isEqualTo(2L);
    }
  }

  @Test
  void otherCheckpointsAreRefusedByName(@TempDir Path dir) throws IOException {
    Path backboneOnly = dir.resolve("teacher.pth");
    Map<String, Object> teacher = new LinkedHashMap<>();
    Map<String, INDArray> bb = new LinkedHashMap<>();
    model.backbone().parameters().forEach((k, v) -> bb.put("backbone." + k, v));
    teacher.put("teacher", bb);
    io.solider.nn.checkpoint.TorchCheckpointWriter.write(teacher, backboneOnly);
    assertThatThrownBy(() -> ParsingModel.read(backboneOnly)).isInstanceOf(IOException.class)
        .hasMessageContaining("teacher.pth: not a parsing model");
  }

  @Test
  void inferenceOutputsMatchTheRelease() {
    INDArray x = npy("images");
    try (ParsingNetwork net = new ParsingNetwork(model, (int) x.size(2), (int) x.size(3), InferenceEngine.SAMEDIFF)) {
      for (String lam : List.of("0", "0.8")) {
        Map<String, INDArray> out = net.outputs(x, Double.parseDouble(lam));
        for (String o : List.of(SchpHead.PARSING, SchpHead.FUSION, SchpHead.EDGE)) {
          double e = relativeError(out.get(o), npy("eval_l" + lam + "_" + o));
          log.info("parity parsing model λ {} {}: {}", lam, o, e);
          assertThat(e).as(o + " at λ " + lam).isLessThan(TOLERANCE);
        }
      }
    }
  }

  @Test
  void trainingStepMatchesTheReleaseAtCycleZeroAndOne() throws IOException {
    ParsingModel m = ParsingModel.read(ParsingReference.path("model/release_model.pth.tar"));
    ParsingBatch b = batch();
    SchpCriterion criterion = new SchpCriterion(SchpLossWeights.release());
    ParsingGradients grads = new ParsingGradients(m, b.height(), b.width(), criterion);
    ParsingGradients.Result r0 = grads.compute(b, 0, npy("dropout_mask").castTo(DataType.FLOAT), null, l -> { });
    assertThat(r0.loss().total()).isCloseTo(ref.get("step0_loss").asDouble(), org.assertj.core.data.Offset.offset(
        1e-5 * Math.abs(ref.get("step0_loss").asDouble())));
    assertGradients(r0, "step0");
    r0.statistics().commit(m.head());
    for (JsonNode k : ref.get("stat_keys")) {
      for (String buf : List.of("running_mean", "running_var")) {
        String key = k.asText() + "." + buf;
        double e = relativeError(m.head().array(key), npy("step0_" + key));
        assertThat(e).as(key).isLessThan(TOLERANCE);
      }
    }

    ParsingModel schpModel = ParsingModel.read(ParsingReference.path("model/release_schp.pth.tar"));
    SchpTeacher teacher = new SchpTeacher(schpModel, b.height(), b.width());
    Map<String, INDArray> soft = teacher.outputs(b.imageArray(), 0, npy("schp_dropout_mask").castTo(DataType.FLOAT));
    double ef = relativeError(soft.get(SchpHead.FUSION), npy("schp_fusion"));
    double ee = relativeError(soft.get(SchpHead.EDGE), npy("schp_edge"));
    log.info("parity SCHP teacher (training mode): fusion {} edge {}", ef, ee);
    assertThat(ef).isLessThan(TOLERANCE);
    assertThat(ee).isLessThan(TOLERANCE);
    ParsingModel fresh = ParsingModel.read(ParsingReference.path("model/release_model.pth.tar"));
    ParsingGradients g1 = new ParsingGradients(fresh, b.height(), b.width(), criterion);
    SchpCriterion.SchpTargets targets = teacher.targets(b.imageArray(), 0,
        npy("schp_dropout_mask").castTo(DataType.FLOAT), 1);
    ParsingGradients.Result r1 = g1.compute(b, 0, npy("dropout_mask").castTo(DataType.FLOAT), targets, l -> { });
    log.info("parity parsing loss: cycle 0 {} vs {}, cycle 1 {} vs {}", r0.loss().total(), ref.get("step0_loss"),
        r1.loss().total(), ref.get("step1_loss"));
    assertThat(r1.loss().total()).isCloseTo(ref.get("step1_loss").asDouble(), org.assertj.core.data.Offset.offset(
        1e-5 * Math.abs(ref.get("step1_loss").asDouble())));
    assertGradients(r1, "step1");
  }

  private static void assertGradients(ParsingGradients.Result r, String step) {
    double worst = 0;
    for (JsonNode k : ref.get("grad_keys")) {
      String key = k.asText();
      double e = relativeError(r.gradients().get(key), npy(step + "_grad_" + key));
      assertThat(e).as(step + " gradient of " + key).isLessThan(TOLERANCE);
      worst = Math.max(worst, e);
    }
    for (JsonNode k : ref.get("none_grad_keys")) {
      assertThat(r.gradients().get(k.asText()).amaxNumber().doubleValue()).as(k.asText()).isZero();
    }
    log.info("parity parsing {} gradients ({} keys): {}", step, ref.get("grad_keys").size(), worst);
  }

  @Test
  void selfCorrectionAveragesParametersAndReestimatesStatistics() throws IOException {
    ParsingModel schpModel = ParsingModel.read(ParsingReference.path("model/release_schp.pth.tar"));
    SchpTeacher.average(schpModel, model, 0.5);
    for (JsonNode k : ref.get("avg_keys")) {
      double e = relativeError(schpModel.stateDict().get(k.asText()), npy("avg_" + k.asText()));
      assertThat(e).as(k.asText()).isLessThan(1e-6);
    }
    INDArray x = npy("images");
    int h = (int) x.size(2);
    int w = (int) x.size(3);
    List<ParsingBatch> batches = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      INDArray bi = npy("bn_batch" + i);
      batches.add(new ParsingBatch((int) bi.size(0), h, w, bi.castTo(DataType.FLOAT).dup('c').data().asFloat(),
          new int[(int) bi.size(0) * h * w]));
    }
    Iterator<ParsingBatch> it = batches.iterator();
    long seen = new SchpTeacher(schpModel, h, w).reestimate(it, 0);
    assertThat(seen).isEqualTo(6);
    double worst = 0;
    for (JsonNode k : ref.get("stat_keys")) {
      for (String buf : List.of("running_mean", "running_var")) {
        String key = k.asText() + "." + buf;
        double e = relativeError(schpModel.head().array(key), npy("bn_" + key));
        assertThat(e).as(key).isLessThan(TOLERANCE);
        worst = Math.max(worst, e);
      }
      String counter = k.asText() + ".num_batches_tracked";
      assertThat(schpModel.head().array(counter).getLong(0)).as(counter)
          .isEqualTo(npy("bn_" + counter).getLong(0));
    }
    log.info("parity SCHP re-estimated statistics: {}", worst);
  }
}
