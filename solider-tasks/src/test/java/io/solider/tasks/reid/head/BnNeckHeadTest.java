package io.solider.tasks.reid.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.reid.Reference;
import io.solider.tasks.reid.loss.CrossEntropyLoss;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The BN neck + classifier against torch's BatchNorm1d (bias frozen) + Linear(bias=False) with CE. */
class BnNeckHeadTest {

  @Test
  void forwardBackwardAndRunningStatisticsMatchTorch() {
    JsonNode r = Reference.get("head");
    BnNeckHead head = BnNeckHead.fromState(Map.of(
        BnNeckHead.WEIGHT, Nd4j.create(Reference.floats(r.get("gamma"))),
        BnNeckHead.BIAS, Nd4j.zeros(DataType.FLOAT, 3),
        BnNeckHead.RUNNING_MEAN, Nd4j.zeros(DataType.FLOAT, 3),
        BnNeckHead.RUNNING_VAR, Nd4j.ones(DataType.FLOAT, 3),
        BnNeckHead.CLASSIFIER, Nd4j.create(Reference.floats(r.get("W")), new long[] {5, 3}, 'c')), "test");
    float[] x = Reference.floats(r.get("x"));
    int[] labels = Reference.ints(r.get("labels"));
    BnNeckHead.Forward f = head.forwardTrain(x, 4);
    assertClose(f.logits(), Reference.floats(r.get("logits")), 1e-5);
    CrossEntropyLoss.Result ce = CrossEntropyLoss.compute(f.logits(), 4, 5, labels, 0);
    assertThat(ce.loss()).isCloseTo(r.get("loss").asDouble(), offset(1e-5));
    BnNeckHead.Gradients g = head.backward(f, ce.gradLogits());
    assertClose(g.input(), Reference.floats(r.get("grad_x")), 1e-5);
    assertClose(g.gamma().toFloatVector(), Reference.floats(r.get("grad_gamma")), 1e-5);
    assertClose(g.classifier().dup().data().asFloat(), Reference.floats(r.get("grad_W")), 1e-5);
    head.commitRunningStats(f);
    Map<String, INDArray> s = head.stateDict();
    assertClose(s.get(BnNeckHead.RUNNING_MEAN).toFloatVector(), Reference.floats(r.get("running_mean")), 1e-6);
    assertClose(s.get(BnNeckHead.RUNNING_VAR).toFloatVector(), Reference.floats(r.get("running_var")), 1e-6);
    assertThat(s.get(BnNeckHead.BATCHES).getLong(0)).isEqualTo(1);
  }

  @Test
  void releaseInitialisationAndFrozenBiasIsNotTrainable() {
    BnNeckHead head = BnNeckHead.initialized(64, 100, 3);
    Map<String, INDArray> s = head.stateDict();
    assertThat(s.keySet()).containsExactly("bottleneck.weight", "bottleneck.bias", "bottleneck.running_mean",
        "bottleneck.running_var", "bottleneck.num_batches_tracked", "classifier.weight");
    assertThat(head.trainable().keySet()).containsExactly("bottleneck.weight", "classifier.weight");
    assertThat(s.get(BnNeckHead.WEIGHT).minNumber().doubleValue()).isEqualTo(1.0);
    assertThat(s.get(BnNeckHead.BIAS).amaxNumber().doubleValue()).isEqualTo(0.0);
    double std = s.get(BnNeckHead.CLASSIFIER).stdNumber().doubleValue();
    assertThat(std).isCloseTo(0.001, offset(5e-5));
  }

  static void assertClose(float[] actual, float[] expected, double tol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], offset(tol));
    }
  }
}
