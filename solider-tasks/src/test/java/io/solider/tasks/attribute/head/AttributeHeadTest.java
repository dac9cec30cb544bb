package io.solider.tasks.attribute.head;

import static io.solider.tasks.attribute.AttributeReference.doubles;
import static io.solider.tasks.attribute.AttributeReference.floats;
import static io.solider.tasks.attribute.AttributeReference.normwiseError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.tasks.attribute.AttributeReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AttributeHead against the release's LinearClassifier (models/base_block.py) and torch autograd
 * (resources attribute/make_loss_head_reference.py): B = 3 maps of 12 × 4 × 2, 5 attributes.
 * Measured normwise errors (max |ours − torch| / max |torch|, torch works in float32): pooled 7.7e-8,
 * logits 1.1e-7, probabilities 5e-8, gradients ≤ 7.8e-8.
 */
class AttributeHeadTest {

  static final JsonNode REF = AttributeReference.json("loss_head_reference.json");
  static final JsonNode H = REF.get("head");
  static final int B = 3;
  static final int C = 12;
  static final int A = 5;

  static AttributeHead releaseHead() {
    return AttributeHead.fromState(Map.of(AttributeHead.WEIGHT, Nd4j.create(floats(H.get("weight")), new long[] {A, C}, 'c'),
        AttributeHead.BIAS, Nd4j.create(floats(H.get("bias")), new long[] {A}, 'c')), "test");
  }

  @Test
  void poolForwardAndBackwardMatchTorch() {
    float[] map = floats(H.get("map"));
    float[] pooled = AttributeHead.pool(map, B, C, 4, 2);
    assertThat(normwiseError(pooled, doubles(H.get("pooled")))).isLessThan(2e-7);
    AttributeHead head = releaseHead();
    float[] logits = head.forward(pooled, B);
    assertThat(normwiseError(logits, doubles(H.get("logits")))).isLessThan(2.5e-7);
    assertThat(normwiseError(AttributeHead.probabilities(logits), doubles(H.get("probs")))).isLessThan(2e-7);
    AttributeHead.Gradients g = head.backward(pooled, floats(H.get("upstream")), B);
    assertThat(normwiseError(g.input(), doubles(H.get("grad_pooled")))).isLessThan(2e-7);
    assertThat(normwiseError(g.weight().data().asFloat(), doubles(H.get("grad_weight")))).isLessThan(2e-7);
    assertThat(normwiseError(g.bias().data().asFloat(), doubles(H.get("grad_bias")))).isLessThan(2e-7);
    float[] dmap = AttributeHead.poolBackward(g.input(), B, C, 4, 2);
    assertThat(normwiseError(dmap, doubles(H.get("grad_map")))).isLessThan(2e-7);
  }

  @Test
  void parameterNamesAreTheReleaseModelsKeys() {
    List<String> release = new ArrayList<>();
    REF.get("model_keys").forEach(k -> release.add(k.asText()));
    List<String> ours = AttributeHead.initialized(C, A, 1).stateDict().keySet().stream().map(k -> "module." + k).toList();
    assertThat(release).containsSubsequence(ours);
  }

  @Test
  void loadsTheHeadOfACheckpointSavedByTheReleasesTrainPy() throws Exception {
    try (StateDict sd = Checkpoints.read(AttributeReference.file("release_par_checkpoint.pth"))) {
      Map<String, INDArray> all = sd.materialize();
      assertThat(all).containsKey("state_dicts.module." + AttributeHead.WEIGHT);
      AttributeHead head = AttributeHead.fromCheckpoint(all, "release_par_checkpoint.pth");
      assertThat(head.dim()).isEqualTo(C);
      assertThat(head.attributes()).isEqualTo(A);
      assertThat(head.stateDict().get(AttributeHead.WEIGHT).data().asFloat()).containsExactly(floats(H.get("weight")));
      assertThat(head.stateDict().get(AttributeHead.BIAS).data().asFloat()).containsExactly(floats(H.get("bias")));
    }
    assertThatThrownBy(() -> AttributeHead.fromCheckpoint(Map.of("classifier.weight", Nd4j.zeros(2, 3)), "reid.pth"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reid.pth: no attribute head");
  }

  @Test
  void defaultInitialisationIsUniformWithinOneOverSqrtFanIn() {
    AttributeHead h = AttributeHead.initialized(768, 26, 3);
    float[] w = h.stateDict().get(AttributeHead.WEIGHT).data().asFloat();
    float[] b = h.stateDict().get(AttributeHead.BIAS).data().asFloat();
    double bound = 1 / Math.sqrt(768);
    double sq = 0;
    for (float v : w) {
      assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
      sq += v * v;
    }
    // Variance of U(−a, a) is a²/3 = 1/(3·768); 19,968 draws put the estimate within a few percent.
    assertThat(sq / w.length).isCloseTo(bound * bound / 3, org.assertj.core.data.Offset.offset(0.05 * bound * bound / 3));
    for (float v : b) {
      assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
    }
    assertThat(AttributeHead.initialized(768, 26, 3).stateDict().get(AttributeHead.WEIGHT))
        .isEqualTo(h.stateDict().get(AttributeHead.WEIGHT));
  }

  @Test
  void rejectsWrongShapes() {
    AttributeHead h = AttributeHead.initialized(4, 2, 1);
    assertThatThrownBy(() -> h.forward(new float[7], 2)).hasMessageContaining("(B, 4)");
    assertThatThrownBy(() -> h.backward(new float[8], new float[3], 2)).hasMessageContaining("(B, 2)");
    assertThatThrownBy(() -> AttributeHead.fromState(Map.of(AttributeHead.WEIGHT, Nd4j.zeros(2, 4),
        AttributeHead.BIAS, Nd4j.zeros(3)), "x.pth")).hasMessageContaining("x.pth");
  }
}
