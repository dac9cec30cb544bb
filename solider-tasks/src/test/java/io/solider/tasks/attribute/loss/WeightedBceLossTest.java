package io.solider.tasks.attribute.loss;

import static io.solider.tasks.attribute.AttributeReference.doubles;
import static io.solider.tasks.attribute.AttributeReference.floats;
import static io.solider.tasks.attribute.AttributeReference.normwiseError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.attribute.AttributeReference;
import io.solider.tasks.attribute.data.AttributeSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * WeightedBceLoss against the release's BCELoss (losses/bceloss.py, sample weights from
 * tools/function.py ratio2weight) and torch autograd (resources attribute/make_loss_head_reference.py):
 * logits up to ±100, a target of 2 and fractional targets, one-image batch, unweighted.
 * Measured: value relative error ≤ 1.1e-7 (torch sums in float32), gradient normwise error ≤ 8.8e-8
 * (torch evaluates σ(z) − y in float32, which loses digits where σ saturates).
 */
class WeightedBceLossTest {

  static final JsonNode REF = AttributeReference.json("loss_head_reference.json");

  @Test
  void positiveRatioIsTheTrainingSplitsMeanLabel() {
    List<AttributeSample> train = new ArrayList<>();
    for (JsonNode row : REF.get("train_labels")) {
      int[] l = new int[row.size()];
      for (int j = 0; j < l.length; j++) {
        l[j] = row.get(j).asInt();
      }
      train.add(new AttributeSample(Path.of("x.jpg"), l));
    }
    assertThat(WeightedBceLoss.positiveRatio(train)).containsExactly(doubles(REF.get("ratio")));
    assertThatThrownBy(() -> WeightedBceLoss.positiveRatio(List.of())).hasMessageContaining("no images");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bce_weighted", "bce_unweighted", "bce_other_targets", "bce_single"})
  void valueAndGradientMatchTorch(String name) {
    JsonNode c = REF.get(name);
    float[] logits = floats(c.get("logits"));
    float[] targets = floats(c.get("targets"));
    int a = c.get("logits").get(0).size();
    int batch = logits.length / a;
    WeightedBceLoss loss = c.get("weighted").asBoolean() ? WeightedBceLoss.fromPositiveRatio(doubles(REF.get("ratio")))
        : WeightedBceLoss.unweighted(a);
    WeightedBceLoss.Result r = loss.compute(logits, targets, batch);
    double expected = c.get("loss").asDouble();
    assertThat(r.value()).isCloseTo(expected, within(3e-7 * Math.abs(expected)));
    assertThat(normwiseError(r.gradient(), doubles(c.get("grad")))).isLessThan(2e-7);
  }

  @Test
  void weightsAreExpOfOneMinusRatioForPositivesAndExpRatioForNegatives() {
    WeightedBceLoss l = WeightedBceLoss.fromPositiveRatio(new double[] {0.25, 0, 1});
    assertThat((double) l.positiveWeight(0)).isCloseTo(Math.exp(0.75), within(1e-6));
    assertThat((double) l.negativeWeight(0)).isCloseTo(Math.exp(0.25), within(1e-6));
    assertThat(l.positiveWeight(1)).isEqualTo((float) Math.E);
    assertThat(l.negativeWeight(2)).isEqualTo((float) Math.E);
    assertThatThrownBy(() -> WeightedBceLoss.fromPositiveRatio(new double[] {1.5})).hasMessageContaining("[0, 1]");
  }

  @Test
  void gradientIsTheFiniteDifferenceOfTheValue() {
    WeightedBceLoss l = WeightedBceLoss.fromPositiveRatio(new double[] {0.3, 0.8});
    float[] z = {0.7f, -1.2f, 2.5f, 0.1f};
    float[] y = {1, 0, 0, 1};
    float[] g = l.compute(z, y, 2).gradient();
    for (int i = 0; i < z.length; i++) {
      float[] up = z.clone();
      float[] down = z.clone();
      up[i] += 1e-2f;
      down[i] -= 1e-2f;
      double fd = (l.compute(up, y, 2).value() - l.compute(down, y, 2).value()) / (up[i] - down[i]);
      assertThat((double) g[i]).as("dL/dz[%d]", i).isCloseTo(fd, within(1e-4));
    }
  }

  @Test
  void rejectsWrongSizes() {
    WeightedBceLoss l = WeightedBceLoss.unweighted(3);
    assertThatThrownBy(() -> l.compute(new float[5], new float[5], 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(B, 3)");
  }
}
